"use client";

import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { QuotaBar } from "@/components/ui/progress";
import { useTenant } from "@/components/tenant/tenant-context";
import { formatGb, formatNumber, formatTokens } from "@/lib/domain/format";

type Quota = { used: number; limit: number | null; percent: number };
type Props = {
  planName: string;
  canBill: boolean;
  quotas: { agents: Quota; monthlyTokens: Quota; storageBytes: Quota; concurrentSessions: Quota };
};

/** The plan's limits and how much of each is used (amber at 80%, orange at 90%, red at 100%). */
export function QuotaCard({ planName, canBill, quotas }: Props) {
  const { slug } = useTenant();
  const { agents, monthlyTokens, storageBytes, concurrentSessions } = quotas;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Plan limits</CardTitle>
        <CardDescription>
          {planName} plan.{" "}
          {canBill && (
            <Link href={`/t/${slug}/billing`} className="font-medium text-primary underline-offset-4 hover:underline">
              Change plan
            </Link>
          )}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <QuotaBar label="Agents" used={agents.used} limit={agents.limit} />
        <QuotaBar label="Tokens this month" used={monthlyTokens.used} limit={monthlyTokens.limit} format={formatTokens} />
        <QuotaBar label="Storage" used={storageBytes.used} limit={storageBytes.limit} format={formatGb} />
        <QuotaBar label="Concurrent sessions" used={concurrentSessions.used} limit={concurrentSessions.limit} />
        <p className="text-xs text-muted-foreground">Tokens are month to date: {formatNumber(monthlyTokens.used)} used so far.</p>
      </CardContent>
    </Card>
  );
}
