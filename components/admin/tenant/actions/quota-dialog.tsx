"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { describedBy } from "@/components/shared/form-field";
import { bytesToGb, formatGb, formatLimit, formatNumber, gbToBytes } from "@/lib/domain/format";
import { gbProblem } from "@/lib/domain/forms/schemas";
import { PLANS, QUOTA_KEYS, type QuotaKey } from "@/lib/domain/plans";
import { ActionDialog } from "./action-dialog";
import type { DialogProps } from "./types";

const LABEL: Record<QuotaKey, string> = {
  agents: "Agents",
  monthlyTokens: "Monthly tokens",
  storageBytes: "Storage (GB)",
  concurrentSessions: "Concurrent sessions",
  apiCallsPerMinute: "API calls per minute",
};
type Mode = "plan" | "custom" | "unlimited";
type Row = { mode: Mode; value: string };

/** Storage is typed in GB (two decimals at most) and stored in bytes; the rest are whole counts. */
const inGb = (key: QuotaKey) => key === "storageBytes";

function initial(key: QuotaKey, value: number | null | undefined): Row {
  if (value === undefined) return { mode: "plan", value: "" };
  if (value === null) return { mode: "unlimited", value: "" };
  return { mode: "custom", value: inGb(key) ? String(Math.round(bytesToGb(value) * 100) / 100) : String(value) };
}

/** Per-quota overrides: the plan's value, a custom number, or unlimited. Checked again by the server. */
export function QuotaDialog({ tenant, open, onOpenChange }: DialogProps) {
  const save = useMutation(api.admin.actions.setQuotaOverrides);
  const [rows, setRows] = useState<Record<QuotaKey, Row>>(
    () => Object.fromEntries(QUOTA_KEYS.map((k) => [k, initial(k, tenant.quotaOverrides[k])])) as Record<QuotaKey, Row>,
  );
  const [errors, setErrors] = useState<Partial<Record<QuotaKey, string>>>({});
  const set = (key: QuotaKey, patch: Partial<Row>) => (
    setErrors((e) => ({ ...e, [key]: undefined })),
    setRows((r) => ({ ...r, [key]: { ...r[key], ...patch } }))
  );

  function overrides() {
    const out: Partial<Record<QuotaKey, number | null>> = {};
    const problems: Partial<Record<QuotaKey, string>> = {};
    for (const key of QUOTA_KEYS) {
      const row = rows[key];
      if (row.mode === "unlimited") out[key] = null;
      else if (row.mode === "custom") {
        if (inGb(key)) {
          const problem = gbProblem(row.value);
          if (problem) problems[key] = problem;
          else out[key] = gbToBytes(Number(row.value.trim().replace(/,/g, "")));
          continue;
        }
        const n = Number(row.value.replace(/[,_\s]/g, ""));
        if (row.value.trim() === "" || !Number.isInteger(n) || n < 0) problems[key] = "Enter a whole number, 0 or more.";
        else out[key] = n;
      }
    }
    return { out, problems };
  }

  return (
    <ActionDialog
      open={open}
      onOpenChange={(o) => (setErrors({}), onOpenChange(o))}
      title={`Quota overrides for ${tenant.name}`}
      description={
        <p>
          Overrides replace the {PLANS[tenant.plan].name} plan&apos;s quotas for this tenant only and are enforced at once. Lowering one
          below current use blocks new usage of that kind until it is raised again.
        </p>
      }
      confirmLabel="Save overrides"
      success={`Quotas updated for ${tenant.name}`}
      validate={() => {
        const { problems } = overrides();
        setErrors(problems);
        return Object.keys(problems).length === 0;
      }}
      run={() => save({ tenantId: tenant._id, overrides: overrides().out })}
      onError={(e) => e.field && setErrors({ [e.field.replace("overrides.", "")]: e.message })}
    >
      <div className="grid gap-3">
        {QUOTA_KEYS.map((key) => {
          const id = `quota-${key}`;
          const planValue = PLANS[tenant.plan].quotas[key];
          return (
            <div key={key} className="grid gap-1.5">
              <label htmlFor={id} className="text-sm font-medium">
                {LABEL[key]}{" "}
                <span className="font-normal text-muted-foreground">
                  · plan: {formatLimit(planValue, inGb(key) ? formatGb : formatNumber)}
                </span>
              </label>
              <div className="flex gap-2">
                <Select value={rows[key].mode} onValueChange={(m) => set(key, { mode: m as Mode })}>
                  <SelectTrigger className="w-36" aria-label={`${LABEL[key]}: source`}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="plan">Plan default</SelectItem>
                    <SelectItem value="custom">Custom</SelectItem>
                    <SelectItem value="unlimited">Unlimited</SelectItem>
                  </SelectContent>
                </Select>
                <Input
                  id={id}
                  inputMode={inGb(key) ? "decimal" : "numeric"}
                  value={rows[key].mode === "custom" ? rows[key].value : ""}
                  disabled={rows[key].mode !== "custom"}
                  onChange={(e) => set(key, { value: e.target.value })}
                  aria-invalid={Boolean(errors[key])}
                  aria-describedby={describedBy(id, errors[key])}
                />
              </div>
              {errors[key] && (
                <p id={`${id}-error`} className="text-xs font-medium text-destructive">
                  {errors[key]}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </ActionDialog>
  );
}
