"use client";

import { useMutation } from "convex/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Input } from "@/components/ui/input";
import { describedBy, FormField } from "@/components/shared/form-field";
import { formatDate } from "@/lib/domain/format";
import { ActionDialog } from "./action-dialog";
import type { DialogProps } from "./types";

/** Hard delete: the slug typed to confirm; before the retention period ends, an override that is itself audited. */
export function HardDeleteDialog({ tenant, open, onOpenChange, now }: DialogProps & { now: number }) {
  const hardDelete = useMutation(api.admin.purge.hardDelete);
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [override, setOverride] = useState(false);
  const [errors, setErrors] = useState<{ confirmSlug?: string; overrideRetention?: string }>({});
  const early = tenant.hardDeleteAt !== null && now < tenant.hardDeleteAt;
  return (
    <ActionDialog
      open={open}
      onOpenChange={(o) => (setErrors({}), setTyped(""), setOverride(false), onOpenChange(o))}
      title={`Erase ${tenant.name} for good?`}
      description={
        <>
          <p>
            Every row the tenant owns (members, agents, usage, rollups, counters, notifications) is deleted in batches, then the tenant
            itself. This cannot be undone. A record of the erasure stays in the audit log.
          </p>
          {early && tenant.hardDeleteAt !== null && (
            <p className="font-medium text-foreground">
              The retention period runs until {formatDate(tenant.hardDeleteAt)}; deleting now needs the override below, which is audited.
            </p>
          )}
        </>
      }
      confirmLabel="Erase tenant"
      destructive
      ready={typed === tenant.slug && (!early || override)}
      success={`${tenant.name} is being erased`}
      run={() => hardDelete({ tenantId: tenant._id, confirmSlug: typed, overrideRetention: override })}
      // The tenant is about to disappear, and this page with it.
      onDone={() => router.push("/admin/tenants")}
      onError={(e) => setErrors({ [e.field ?? "confirmSlug"]: e.message })}
    >
      <FormField
        id="hard-delete-slug"
        label={
          <span>
            Type <code className="rounded bg-muted px-1 font-mono">{tenant.slug}</code> to confirm
          </span>
        }
        error={errors.confirmSlug}
      >
        <Input
          id="hard-delete-slug"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          aria-invalid={Boolean(errors.confirmSlug)}
          aria-describedby={describedBy("hard-delete-slug", errors.confirmSlug)}
        />
      </FormField>
      {early && (
        <div className="grid gap-1">
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              checked={override}
              onChange={(e) => setOverride(e.target.checked)}
              className="mt-0.5 size-4 accent-destructive"
              aria-describedby={errors.overrideRetention ? "override-error" : undefined}
            />
            <span>Override the retention period and erase now (recorded in the audit log with your name).</span>
          </label>
          {errors.overrideRetention && (
            <p id="override-error" className="text-xs font-medium text-destructive">
              {errors.overrideRetention}
            </p>
          )}
        </div>
      )}
    </ActionDialog>
  );
}
