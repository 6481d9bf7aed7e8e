"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/use-toast";
import { describedBy, FormField } from "@/components/shared/form-field";
import { useTenant } from "@/components/tenant/tenant-context";
import { createApiKey } from "./actions";
import { NewKey } from "./new-key";

/** Name a key (and optionally cap it); the key itself is shown once, in this dialog. */
export function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { slug } = useTenant();
  const [name, setName] = useState("");
  const [cap, setCap] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (name.trim() === "") return setErrors({ name: "Name the key so you can tell it apart later." });
    const rateLimitPerMinute = cap.trim() === "" ? null : Number(cap);
    if (rateLimitPerMinute !== null && !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute > 0)) {
      return setErrors({ rateLimitPerMinute: "Enter a whole number of calls per minute, or leave it empty." });
    }
    setErrors({});
    setSaving(true);
    const result = await createApiKey(slug, name, rateLimitPerMinute).catch(() => ({
      ok: false as const,
      code: "NETWORK",
      message: "Could not reach the server. Check your connection and try again.",
    }));
    setSaving(false);
    if (!result.ok) {
      toast({
        title: result.code === "QUOTA_EXCEEDED" ? "Key limit reached" : "No key created",
        description: result.message,
        variant: "destructive",
      });
      return setErrors({ [("field" in result && result.field) || "form"]: result.message });
    }
    toast({ title: `Created key ${result.name}`, variant: "success" });
    setCreated({ key: result.key, name: result.name });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent onInteractOutside={(e) => created && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>{created ? "Copy your new key" : "Create an API key"}</DialogTitle>
          <DialogDescription>
            {created
              ? "This is the only time the key is shown. Store it in your runtime's secrets now."
              : "The key acts for this workspace only. Revoke it here at any time."}
          </DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <NewKey value={created.key} name={created.name} />
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)}>I have stored it</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <FormField id="key-name" label="Name" error={errors.name} hint="For example: Production runtime, Staging, CI.">
              <Input
                id="key-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoFocus
                maxLength={60}
                aria-invalid={Boolean(errors.name)}
                aria-describedby={describedBy("key-name", errors.name, true)}
              />
            </FormField>
            <FormField
              id="key-cap"
              label="Calls per minute (optional)"
              error={errors.rateLimitPerMinute}
              hint="A cap for this key below the workspace's limit, so one runtime cannot use up the whole allowance."
            >
              <Input
                id="key-cap"
                inputMode="numeric"
                value={cap}
                onChange={(e) => setCap(e.target.value)}
                placeholder="Workspace limit"
                aria-invalid={Boolean(errors.rateLimitPerMinute)}
                aria-describedby={describedBy("key-cap", errors.rateLimitPerMinute, true)}
              />
            </FormField>
            {errors.form && <p className="text-sm text-destructive">{errors.form}</p>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={saving}>
                {saving ? "Creating…" : "Create key"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
