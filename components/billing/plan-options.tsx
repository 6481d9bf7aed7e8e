"use client";

import { CheckIcon } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/use-toast";
import { formatCents, formatDate, formatGb, formatLimit, formatTokens } from "@/lib/domain/format";
import { useTenant } from "@/components/tenant/tenant-context";
import { PLAN_IDS, PLANS, type PlanId } from "@/lib/domain/plans";
import { requestCheckout } from "./billing-requests";

type Props = {
  current: PlanId;
  live: boolean;
  canManage: boolean;
  /** When the workspace's trial ends (null when it is not on a trial): paying now ends it early. */
  trialEndsAt?: number | null;
};

/**
 * The three plans side by side. The owner upgrades or downgrades through Checkout (a
 * plan change starts a new subscription; the old one is cancelled when it completes);
 * admins see the same cards without buttons.
 */
export function PlanOptions({ current, live, canManage, trialEndsAt = null }: Props) {
  const { slug } = useTenant();
  const [pending, setPending] = useState<PlanId | null>(null);
  const rank = (plan: PlanId) => PLAN_IDS.indexOf(plan);

  async function choose(plan: PlanId) {
    setPending(plan);
    const result = await requestCheckout(slug, plan);
    if (result.ok) {
      window.location.assign(result.url);
      return;
    }
    setPending(null);
    toast({ title: "Checkout did not start", description: result.error.message, variant: "destructive" });
  }

  return (
    <section aria-labelledby="plans-heading" className="space-y-3">
      <h3 id="plans-heading" className="text-sm font-semibold">
        Plans
      </h3>
      {canManage && trialEndsAt !== null && !live && (
        <p role="note" data-testid="trial-ends-note" className="rounded-lg border border-primary/25 bg-primary/5 p-3 text-sm">
          Your trial runs until {formatDate(trialEndsAt)}. Choosing a plan ends the trial today: the first month is charged at checkout, and
          the plan renews monthly from then.
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-3">
        {PLAN_IDS.map((id) => {
          const plan = PLANS[id];
          const isCurrent = id === current && live;
          const verb = !live ? "Choose" : rank(id) > rank(current) ? "Upgrade to" : "Downgrade to";
          return (
            <Card key={id} data-testid={`plan-${id}`} className={isCurrent ? "border-primary/60" : undefined}>
              <CardHeader>
                <CardTitle className="flex items-center gap-2">
                  {plan.name} {isCurrent && <Badge>Current plan</Badge>}
                </CardTitle>
                <CardDescription>
                  <span className="text-2xl font-semibold text-foreground">{formatCents(plan.priceCents)}</span> / month
                </CardDescription>
              </CardHeader>
              <CardContent className="flex-1">
                <ul className="space-y-1.5 text-sm">
                  {[
                    `${formatLimit(plan.quotas.agents)} agents`,
                    `${formatTokens(plan.includedTokens)} tokens / month included`,
                    `${formatLimit(plan.quotas.storageBytes, formatGb)} storage`,
                    `${formatLimit(plan.quotas.concurrentSessions)} concurrent sessions`,
                  ].map((line) => (
                    <li key={line} className="flex gap-2">
                      <CheckIcon className="mt-0.5 size-4 shrink-0 text-success" aria-hidden="true" /> {line}
                    </li>
                  ))}
                </ul>
              </CardContent>
              {canManage && !isCurrent && (
                <CardFooter>
                  <Button
                    className="w-full"
                    variant={verb === "Downgrade to" ? "outline" : "default"}
                    disabled={pending !== null}
                    onClick={() => choose(id)}
                  >
                    {pending === id ? "Opening checkout…" : `${verb} ${plan.name}`}
                  </Button>
                </CardFooter>
              )}
            </Card>
          );
        })}
      </div>
      <p className="text-xs text-muted-foreground">
        Beyond the included tokens: $10 per million. Storage beyond the quota: $0.10 per GB. Both are added to the monthly invoice.
      </p>
    </section>
  );
}
