"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import type { IdentityMode } from "@/lib/server/auth/types";
import { useTenant } from "@/components/tenant/tenant-context";
import type { Role } from "@/lib/domain/permissions";
import { emailProblem, normalizeEmail } from "@/lib/domain/validation";
import { attempt } from "../../shared/errors";
import { describedBy, FormField } from "../../shared/form-field";
import { InviteLink } from "./invite-link";
import { RoleSelect } from "./role-select";
import { sendOrganizationInvitation } from "./actions";

/** Invite one person by email with a role; in local mode the link is shown right away. */
export function InviteDialog({ mode, open, onOpenChange }: { mode: IdentityMode; open: boolean; onOpenChange(open: boolean): void }) {
  const { slug, role: actorRole } = useTenant();
  const create = useMutation(api.portal.invitations.invites.create);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<{ token: string; email: string } | null>(null);
  const [saving, setSaving] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const problem = emailProblem(email);
    if (problem) return setErrors({ email: problem });
    setErrors({});
    setSaving(true);
    const result = await attempt(() => create({ slug, email, role }), `Invited ${normalizeEmail(email)} as ${role}`);
    if (result.ok && mode === "clerk") {
      const clerk = await sendOrganizationInvitation(slug, normalizeEmail(email), role);
      if (!clerk.ok) setErrors({ form: clerk.message });
    }
    setSaving(false);
    if (!result.ok) return setErrors({ [result.error.field ?? "form"]: result.error.message });
    if (mode === "local") setSent({ token: result.value.token, email: normalizeEmail(email) });
    else onOpenChange(false);
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite a teammate</DialogTitle>
          <DialogDescription>
            {mode === "local"
              ? "Local mode sends no email: you get a link to pass on."
              : "They get an email from Clerk with a link to join."}
          </DialogDescription>
        </DialogHeader>
        {sent ? (
          <>
            <InviteLink token={sent.token} email={sent.email} />
            <DialogFooter>
              <Button
                variant="outline"
                onClick={() => {
                  setSent(null);
                  setEmail("");
                }}
              >
                Invite another
              </Button>
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-5" noValidate>
            <FormField id="invite-email" label="Email" error={errors.email}>
              <Input
                id="invite-email"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoFocus
                placeholder="name@company.com"
                aria-invalid={Boolean(errors.email)}
                aria-describedby={describedBy("invite-email", errors.email)}
              />
            </FormField>
            <FormField
              id="invite-role"
              label="Role"
              error={errors.role}
              hint="Viewers read, members manage agents, admins manage the team and settings, owners everything."
            >
              <RoleSelect id="invite-role" value={role} onChange={setRole} actorRole={actorRole} invalid={Boolean(errors.role)} />
            </FormField>
            {errors.form && <p className="text-sm text-destructive">{errors.form}</p>}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={saving}>
                {saving ? "Inviting…" : "Send invitation"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
