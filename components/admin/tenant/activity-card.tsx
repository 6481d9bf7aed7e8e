"use client";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DailyChart } from "@/components/shared/charts/daily-chart";
import { formatMs, formatNumber, formatPercent } from "@/lib/domain/format";
import type { TenantDetail } from "./actions/types";

/** The last 30 days: calls, error rate, average and p95 response time, calls per day. */
export function ActivityCard({ activity }: { activity: TenantDetail["activity"] }) {
  const stats = [
    { label: "Calls", value: formatNumber(activity.calls) },
    { label: "Error rate", value: formatPercent(activity.calls ? activity.errorRate : null) },
    { label: "Avg response", value: formatMs(activity.avgLatencyMs) },
    { label: "p95 response", value: formatMs(activity.p95LatencyMs) },
  ];
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>Activity</CardTitle>
        <CardDescription>Last {activity.days} days.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {stats.map((s) => (
            <div key={s.label}>
              <dt className="text-xs text-muted-foreground">{s.label}</dt>
              <dd className="text-lg font-semibold tabular-nums">{s.value}</dd>
            </div>
          ))}
        </dl>
        {activity.daily.length > 0 && <DailyChart data={activity.daily} dataKey="calls" label="Calls" format={formatNumber} height={160} />}
      </CardContent>
    </Card>
  );
}
