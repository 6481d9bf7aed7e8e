"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Textarea } from "@/components/admin/textarea";
import { describedBy, FormField } from "@/components/shared/form-field";
import { Input } from "@/components/ui/input";
import { DELETION_RETENTION_DAYS } from "@/lib/domain/plans";
import { ActionDialog } from "./action-dialog";
import type { DialogProps } from "./types";

function ReasonField({ value, onChange, error }: { value: string; onChange(v: string): void; error: string | null }) {
  return (
    <FormField id="action-reason" label="Reason (kept in the audit log)" error={error} hint="3 to 500 characters.">
      <Textarea
        id="action-reason"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={500}
        rows={3}
        aria-invalid={Boolean(error)}
        aria-describedby={describedBy("action-reason", error, true)}
      />
    </FormField>
  );
}

/** Destructive staff actions ask for the tenant's slug, as the owner's own delete does. */
function SlugConfirmField({ slug, value, onChange }: { slug: string; value: string; onChange(v: string): void }) {
  return (
    <FormField
      id="action-confirm-slug"
      label={
        <span>
          Type <code className="rounded bg-muted px-1 font-mono">{slug}</code> to confirm
        </span>
      }
    >
      <Input id="action-confirm-slug" value={value} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} />
    </FormField>
  );
}

export function SuspendDialog({ tenant, open, onOpenChange }: DialogProps) {
  const suspend = useMutation(api.admin.actions.suspend);
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <ActionDialog
      open={open}
      onOpenChange={(o) => (setError(null), onOpenChange(o))}
      title={`Suspend ${tenant.name}?`}
      description={
        <p>
          Every member keeps read access but can change nothing: no new agents, no settings, no usage writes through the portal. Members see
          a suspension banner. You can reactivate it at any time.
        </p>
      }
      confirmLabel="Suspend tenant"
      destructive
      ready={reason.trim().length >= 3 && typed.trim() === tenant.slug}
      success={`${tenant.name} is suspended`}
      run={() => suspend({ tenantId: tenant._id, reason })}
      onError={(e) => setError(e.message)}
    >
      <ReasonField value={reason} onChange={setReason} error={error} />
      <SlugConfirmField slug={tenant.slug} value={typed} onChange={setTyped} />
    </ActionDialog>
  );
}

export function ReactivateDialog({ tenant, open, onOpenChange }: DialogProps) {
  const reactivate = useMutation(api.admin.actions.reactivate);
  return (
    <ActionDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Reactivate ${tenant.name}?`}
      description={
        <p>
          Members can make changes again. The tenant returns to active (or to its trial, if the trial is still running and nothing is paid
          yet).
        </p>
      }
      confirmLabel="Reactivate"
      success={`${tenant.name} is reactivated`}
      run={() => reactivate({ tenantId: tenant._id })}
    />
  );
}

export function SoftDeleteDialog({ tenant, open, onOpenChange }: DialogProps) {
  const softDelete = useMutation(api.admin.actions.softDelete);
  const [reason, setReason] = useState("");
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <ActionDialog
      open={open}
      onOpenChange={(o) => (setError(null), onOpenChange(o))}
      title={`Delete ${tenant.name}?`}
      description={
        <p>
          Every member loses access at once and the tenant disappears from their lists. Nothing is erased yet: it can be restored for{" "}
          {DELETION_RETENTION_DAYS} days, after which it is hard-deleted.
        </p>
      }
      confirmLabel="Delete tenant"
      destructive
      ready={reason.trim().length >= 3 && typed.trim() === tenant.slug}
      success={`${tenant.name} is deleted (restorable for ${DELETION_RETENTION_DAYS} days)`}
      run={() => softDelete({ tenantId: tenant._id, reason })}
      onError={(e) => setError(e.message)}
    >
      <ReasonField value={reason} onChange={setReason} error={error} />
      <SlugConfirmField slug={tenant.slug} value={typed} onChange={setTyped} />
    </ActionDialog>
  );
}

export function RestoreDialog({ tenant, open, onOpenChange }: DialogProps) {
  const restore = useMutation(api.admin.actions.restore);
  const back = tenant.restoreStatus && tenant.restoreStatus !== "deleted" ? tenant.restoreStatus.replace("_", " ") : "active";
  return (
    <ActionDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Restore ${tenant.name}?`}
      description={
        <p>
          Members get their access back and the scheduled hard delete is cancelled. It returns to the status it had before deletion ({back}
          ).
        </p>
      }
      confirmLabel="Restore tenant"
      success={`${tenant.name} is restored`}
      run={() => restore({ tenantId: tenant._id })}
    />
  );
}
