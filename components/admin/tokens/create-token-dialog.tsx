"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toast } from "@/components/ui/use-toast";
import { describedBy, FormField } from "@/components/shared/form-field";
import { createPlatformToken } from "./actions";
import { NewToken } from "./new-token";

const EXPIRIES = [7, 30, 90, 365];

/** Name a token, pick its role and expiry; the token itself is shown once, in this dialog. */
export function CreateTokenDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<"admin" | "support">("support");
  const [days, setDays] = useState("30");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (name.trim() === "") return setErrors({ name: "Name the token so you can tell it apart later." });
    setErrors({});
    setSaving(true);
    const result = await createPlatformToken(name, role, Number(days)).catch(() => ({
      ok: false as const,
      code: "NETWORK",
      message: "Could not reach the server. Check your connection and try again.",
    }));
    setSaving(false);
    if (!result.ok) {
      toast({ title: "No token created", description: result.message, variant: "destructive" });
      return setErrors({ [("field" in result && result.field) || "form"]: result.message });
    }
    toast({ title: `Created token ${name.trim()}`, variant: "success" });
    setCreated({ token: result.token, name: name.trim() });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent onInteractOutside={(e) => created && e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>{created ? "Copy your new token" : "Create a platform token"}</DialogTitle>
          <DialogDescription>
            {created
              ? "This is the only time the token is shown. Keep it in your password manager or CI secrets now."
              : "The token acts as you in the admin API and the tenantry CLI; every use is recorded in the audit log."}
          </DialogDescription>
        </DialogHeader>
        {created ? (
          <>
            <NewToken value={created.token} name={created.name} />
            <DialogFooter>
              <Button onClick={() => onOpenChange(false)}>I have stored it</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <FormField id="token-name" label="Name" error={errors.name} hint="For example: Ana's laptop, Nightly export job.">
              <Input
                id="token-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoFocus
                maxLength={60}
                aria-invalid={Boolean(errors.name)}
                aria-describedby={describedBy("token-name", errors.name, true)}
              />
            </FormField>
            <FormField id="token-role" label="Role" error={errors.role} hint="Support tokens can read everything and change nothing.">
              <Select value={role} onValueChange={(v) => setRole(v as "admin" | "support")}>
                <SelectTrigger id="token-role" aria-label="Role">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="support">Support (read only)</SelectItem>
                  <SelectItem value="admin">Admin</SelectItem>
                </SelectContent>
              </Select>
            </FormField>
            <FormField id="token-expiry" label="Expires after" error={errors.expiresInDays}>
              <Select value={days} onValueChange={setDays}>
                <SelectTrigger id="token-expiry" aria-label="Expires after">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {EXPIRIES.map((d) => (
                    <SelectItem key={d} value={String(d)}>
                      {d} days
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </FormField>
            {errors.form && <p className="text-sm text-destructive">{errors.form}</p>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={saving}>
                {saving ? "Creating…" : "Create token"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
