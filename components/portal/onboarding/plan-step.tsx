"use client";

import { CheckIcon } from "lucide-react";
import { MODELS, PLAN_IDS, PLANS, TRIAL_DAYS, type PlanId } from "@/lib/domain/plans";
import { cn } from "@/lib/utils";
import { formatCents, formatLimit, formatNumber, formatTokens, UNLIMITED } from "@/lib/domain/format";

/** The three plans as a radio group; the trial applies to whichever is chosen. */
export function PlanStep({ value, onChange }: { value: PlanId; onChange(plan: PlanId): void }) {
  return (
    <fieldset className="grid gap-3">
      <legend className="mb-3 text-sm text-muted-foreground">
        Every plan starts with a {TRIAL_DAYS}-day free trial; no card needed until it ends.
      </legend>
      <div className="grid gap-3 md:grid-cols-3">
        {PLAN_IDS.map((id) => {
          const plan = PLANS[id];
          const checked = value === id;
          return (
            <label
              key={id}
              className={cn(
                "relative flex cursor-pointer flex-col gap-3 rounded-xl border bg-card p-4 transition-colors has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/40",
                checked ? "border-primary ring-1 ring-primary" : "hover:border-primary/40",
              )}
            >
              <input type="radio" name="plan" value={id} checked={checked} onChange={() => onChange(id)} className="sr-only" />
              <div className="flex items-baseline justify-between">
                <span className="font-semibold">{plan.name}</span>
                {checked && <CheckIcon className="size-4 text-primary" aria-hidden="true" />}
              </div>
              <p>
                <span className="text-2xl font-semibold">{formatCents(plan.priceCents).replace(/\.00$/, "")}</span>
                <span className="text-sm text-muted-foreground"> / month</span>
              </p>
              <ul className="grid gap-1 text-xs text-muted-foreground">
                <li>{plan.quotas.agents === null ? `${UNLIMITED} agents` : `Up to ${formatNumber(plan.quotas.agents)} agents`}</li>
                <li>{formatLimit(plan.quotas.monthlyTokens, formatTokens)} tokens a month</li>
                <li>{plan.models.map((m) => MODELS[m].label.replace(/ \(free\)$/, "")).join(", ")}</li>
              </ul>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
