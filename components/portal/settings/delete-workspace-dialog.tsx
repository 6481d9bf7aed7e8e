"use client";

import { useConvex } from "convex/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { useTenant } from "@/components/tenant/tenant-context";
import { DELETION_RETENTION_DAYS } from "@/lib/domain/plans";
import { deleteWorkspace } from "./delete-action";
import { describedBy, FormField } from "../../shared/form-field";

/**
 * The delete confirmation, rendered by DeleteCard only while open (its Radix dialog code is
 * fetched then). Every live query on the page (header, navigation, this page) is about the
 * workspace, and each would re-run the moment the delete commits and fail with NOT_FOUND
 * before any redirect. So the page's Convex connection is closed first, the delete goes over
 * HTTP (a server action), and a full page load to /restore follows, which starts a new connection.
 */
export function DeleteWorkspaceDialog({ name, onClose }: { name: string; onClose(): void }) {
  const { slug } = useTenant();
  const convex = useConvex();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Set once the connection is closed: the page's live data has stopped, so leaving the dialog reloads it.
  const [stopped, setStopped] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (typed !== slug) return setError(`Type ${slug} exactly to confirm.`);
    setBusy(true);
    setStopped(true);
    await convex.close();
    const result = await deleteWorkspace(slug, typed);
    if (!result.ok) {
      setBusy(false);
      return setError(result.message);
    }
    window.location.assign(`/restore?slug=${encodeURIComponent(slug)}`);
  }

  return (
    <Dialog
      open
      onOpenChange={(next) => {
        if (next) return;
        if (stopped) return window.location.reload();
        onClose();
      }}
    >
      <DialogContent>
        <form onSubmit={submit} className="grid gap-5" noValidate>
          <DialogHeader>
            <DialogTitle>Delete {name}?</DialogTitle>
            <DialogDescription>
              Agents stop and every member loses access immediately. You can restore the workspace within {DELETION_RETENTION_DAYS} days.
            </DialogDescription>
            <p className="text-sm text-muted-foreground" data-testid="delete-subscription-note">
              Deleting does not cancel a paid subscription: it keeps renewing so that a restore finds everything as it was. If you will not
              restore it, cancel the subscription on the Billing page first.
            </p>
          </DialogHeader>
          <FormField
            id="confirm-slug"
            label={
              <span>
                Type <code className="rounded bg-muted px-1 font-mono">{slug}</code> to confirm
              </span>
            }
            error={error}
          >
            <Input
              id="confirm-slug"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              autoFocus
              aria-invalid={Boolean(error)}
              aria-describedby={describedBy("confirm-slug", error)}
            />
          </FormField>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => (stopped ? window.location.reload() : onClose())}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={busy || typed !== slug}>
              {busy ? "Deleting…" : "Delete workspace"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
