"use client";

import { useMutation } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { FormField } from "@/components/shared/form-field";
import { formatCents, formatGb, formatLimit, formatTokens } from "@/lib/domain/format";
import { effectiveQuotas, PLAN_IDS, PLANS, type PlanId } from "@/lib/domain/plans";
import { ActionDialog } from "./action-dialog";
import type { DialogProps } from "./types";

const show = (n: number | null, format?: (n: number) => string) => formatLimit(n, format);

/** Change plan: shows the quotas before and after (overrides still apply on top). */
export function PlanDialog({ tenant, open, onOpenChange }: DialogProps) {
  const changePlan = useMutation(api.admin.actions.changePlan);
  const [plan, setPlan] = useState<PlanId>(tenant.plan === "enterprise" ? "pro" : tenant.plan === "pro" ? "enterprise" : "pro");
  const [error, setError] = useState<string | null>(null);
  const before = effectiveQuotas(tenant.plan, tenant.quotaOverrides);
  const after = effectiveQuotas(plan, tenant.quotaOverrides);
  const rows = [
    ["Agents", show(before.agents), show(after.agents)],
    ["Monthly tokens", show(before.monthlyTokens, formatTokens), show(after.monthlyTokens, formatTokens)],
    ["Storage", show(before.storageBytes, formatGb), show(after.storageBytes, formatGb)],
    ["Concurrent sessions", show(before.concurrentSessions), show(after.concurrentSessions)],
  ];
  return (
    <ActionDialog
      open={open}
      onOpenChange={(o) => (setError(null), onOpenChange(o))}
      title={`Change ${tenant.name}'s plan`}
      description={
        <p>
          The new plan&apos;s quotas and models apply at once (quota overrides stay on top). This changes Tenantry&apos;s record only: a
          Stripe subscription, if any, is not re-priced.
        </p>
      }
      confirmLabel={`Move to ${PLANS[plan].name}`}
      ready={plan !== tenant.plan}
      success={`${tenant.name} is now on ${PLANS[plan].name}`}
      run={() => changePlan({ tenantId: tenant._id, plan })}
      onError={(e) => setError(e.message)}
    >
      <FormField id="new-plan" label="New plan" error={error}>
        <Select value={plan} onValueChange={(v) => (setError(null), setPlan(v as PlanId))}>
          <SelectTrigger id="new-plan" aria-invalid={Boolean(error)}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {PLAN_IDS.map((p) => (
              <SelectItem key={p} value={p} disabled={p === tenant.plan}>
                {PLANS[p].name} · {formatCents(PLANS[p].priceCents)}/mo{p === tenant.plan ? " (current)" : ""}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FormField>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-xs text-muted-foreground">
            <th className="font-medium">Quota</th>
            <th className="font-medium">{PLANS[tenant.plan].name} (now)</th>
            <th className="font-medium">{PLANS[plan].name}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, a, b]) => (
            <tr key={label}>
              <td className="py-0.5">{label}</td>
              <td className="tabular-nums">{a}</td>
              <td className={a === b ? "tabular-nums" : "font-medium tabular-nums"}>{b}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ActionDialog>
  );
}
