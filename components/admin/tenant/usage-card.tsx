import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress, quotaLevel } from "@/components/ui/progress";
import { formatCents, formatGb, formatMicros, formatNumber, formatPercent, formatTokens, UNLIMITED } from "@/lib/domain/format";
import type { TenantDetail } from "./actions/types";

function Meter({
  label,
  used,
  limit,
  format,
  none = UNLIMITED,
}: {
  label: string;
  used: number;
  limit: number | null;
  format(n: number): string;
  /** What a missing limit is called ("Unlimited"; "No budget" for cost). */
  none?: string;
}) {
  const percent = limit === null ? 0 : limit === 0 ? (used > 0 ? 100 : 0) : (used / limit) * 100;
  return (
    <div className="grid gap-1.5">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <span className="font-medium">{label}</span>
        <span className="text-muted-foreground tabular-nums">
          {format(used)} {limit === null ? `· ${none}` : `/ ${format(limit)}`}
          {limit !== null && ` (${Math.floor(percent)}%)`}
        </span>
      </div>
      <Progress value={percent} level={limit === null ? "ok" : quotaLevel(percent)} aria-label={`${label} usage`} />
    </div>
  );
}

/** Agents, cost, tokens and storage against their quotas and budget (the seed's detail view). */
export function UsageCard({ detail }: { detail: TenantDetail }) {
  const { quotas, cost } = detail;
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>Quotas and budget</CardTitle>
        <CardDescription>This month; quotas include any overrides.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <Meter label="Agents" used={quotas.agents.used} limit={quotas.agents.limit} format={formatNumber} />
        <Meter label="Cost" used={cost.usedCents} limit={cost.budgetCents} format={formatCents} none="No budget" />
        <CostTrend trend={detail.costTrend} />
        <UptimeLine uptime={detail.uptime} />
        <Meter label="Tokens" used={quotas.monthlyTokens.used} limit={quotas.monthlyTokens.limit} format={formatTokens} />
        <Meter label="Storage" used={quotas.storageBytes.used} limit={quotas.storageBytes.limit} format={formatGb} />
        <Meter
          label="Concurrent sessions"
          used={quotas.concurrentSessions.used}
          limit={quotas.concurrentSessions.limit}
          format={formatNumber}
        />
      </CardContent>
    </Card>
  );
}

/** This month's cost so far against last month's up to the same day: "+12.5%", or no comparison without last month's cost. */
function CostTrend({ trend }: { trend: TenantDetail["costTrend"] }) {
  const change = trend.changePercent;
  const sign = change === null ? "" : change > 0 ? "+" : change < 0 ? "−" : "±";
  return (
    <p className="text-sm text-muted-foreground" data-testid="cost-trend">
      {formatMicros(trend.thisMonthMicros)} so far this month against {formatMicros(trend.lastMonthMicros)} by day {trend.throughDay} of
      last month
      {change === null ? " (no cost last month to compare with)" : ` (${sign}${formatPercent(Math.abs(change) / 100)})`}.
    </p>
  );
}

/**
 * The seed's "98.7% uptime": minutes with calls in the last 30 days in which none failed.
 * Rounded down, so a single failed minute never shows as 100.0%.
 */
function UptimeLine({ uptime }: { uptime: TenantDetail["uptime"] }) {
  const { share, activeMinutes, failedMinutes, days } = uptime;
  return (
    <p className="text-sm text-muted-foreground" data-testid="uptime">
      {share === null
        ? `No API calls in the last ${days} days, so no uptime to show.`
        : `${formatPercent(Math.floor(share * 1000) / 1000)} uptime over the last ${days} days: ${formatNumber(failedMinutes)} of ${formatNumber(activeMinutes)} minutes with calls had a failed call.`}
    </p>
  );
}
