"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { toast } from "@/components/ui/use-toast";
import { TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { useTenant } from "@/components/tenant/tenant-context";
import { formatCents, formatDate, formatGb, formatLimit, formatNumber, formatTokens } from "@/lib/domain/format";
import { PLANS, type PlanId, type Quotas } from "@/lib/domain/plans";
import { requestPortal } from "./billing-requests";

type Props = {
  plan: PlanId;
  status: string;
  quotas: Quotas;
  trialEndsAt: number | null;
  subscription: { status: string; currentPeriodEnd: number | null; cancelAtPeriodEnd: boolean } | null;
  hasCustomer: boolean;
  canManage: boolean;
};

/** The current plan, its status and renewal, the quotas it gives, and (owner) the payment method. */
export function SubscriptionCard({ plan, status, quotas, trialEndsAt, subscription, hasCustomer, canManage }: Props) {
  const { slug } = useTenant();
  const [opening, setOpening] = useState(false);
  const renews = subscription?.currentPeriodEnd ?? null;

  async function manage() {
    setOpening(true);
    const result = await requestPortal(slug);
    if (result.ok) return window.location.assign(result.url);
    setOpening(false);
    toast({ title: "Could not open the billing portal", description: result.error.message, variant: "destructive" });
  }

  return (
    <Card data-testid="current-plan">
      <CardHeader>
        <CardDescription>Current plan</CardDescription>
        <CardTitle className="flex flex-wrap items-center gap-2 text-xl">
          {PLANS[plan].name}{" "}
          <span className="text-sm font-normal text-muted-foreground">{formatCents(PLANS[plan].priceCents)} / month</span>
          <TenantStatusBadge status={status} />
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <p className="text-muted-foreground">
          {status === "trial" && trialEndsAt
            ? `Trial until ${formatDate(trialEndsAt)}.`
            : subscription?.cancelAtPeriodEnd && renews
              ? `Cancelled: ends on ${formatDate(renews)}.`
              : renews
                ? `Renews on ${formatDate(renews)}.`
                : "Billed monthly."}
        </p>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2" aria-label="Quotas">
          <dt className="text-muted-foreground">Agents</dt>
          <dd data-testid="quota-agents">{formatLimit(quotas.agents)}</dd>
          <dt className="text-muted-foreground">Tokens / month</dt>
          <dd data-testid="quota-tokens">{formatLimit(quotas.monthlyTokens, formatTokens)}</dd>
          <dt className="text-muted-foreground">Storage</dt>
          <dd data-testid="quota-storage">{formatLimit(quotas.storageBytes, formatGb)}</dd>
          <dt className="text-muted-foreground">Concurrent sessions</dt>
          <dd>{formatLimit(quotas.concurrentSessions, formatNumber)}</dd>
        </dl>
        {canManage && hasCustomer && (
          <Button variant="outline" onClick={manage} disabled={opening}>
            {opening ? "Opening…" : "Manage payment method"}
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
