"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { attempt, type CallError } from "@/components/shared/errors";

type Props = {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: string;
  /** What will happen, in plain words: the confirmation the admin is agreeing to. */
  description: React.ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  /** Disables confirming until the form is complete. */
  ready?: boolean;
  success: string;
  /** Checks the form first (showing its own field errors); false stops before anything is sent. */
  validate?(): boolean;
  run(): Promise<unknown>;
  /** After a success (the dialog has closed). */
  onDone?(): void;
  /** A refusal from the server: fields show their own message; the rest shows at the bottom. */
  onError?(error: CallError): void;
  children?: React.ReactNode;
};

/** Every admin action goes through one of these: say what will happen, confirm, report the outcome. */
export function ActionDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  destructive,
  ready = true,
  success,
  validate,
  run,
  onDone,
  onError,
  children,
}: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (validate && !validate()) return;
    setBusy(true);
    setError(null);
    const result = await attempt(run, success);
    setBusy(false);
    if (result.ok) {
      onOpenChange(false);
      return onDone?.();
    }
    if (result.error.field && onError) onError(result.error);
    else setError(result.error.message);
  }

  return (
    <Dialog open={open} onOpenChange={(next) => !busy && (setError(null), onOpenChange(next))}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription asChild>
              <div className="space-y-2">{description}</div>
            </DialogDescription>
          </DialogHeader>
          {children}
          {error && (
            <p role="alert" className="text-sm font-medium text-destructive">
              {error}
            </p>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={busy || !ready}>
              {busy ? "Working…" : confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
