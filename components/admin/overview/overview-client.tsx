"use client";

import { useMutation, usePreloadedQuery, type Preloaded } from "convex/react";
import { ActivityIcon, BotIcon, Building2Icon, DollarSignIcon, RefreshCwIcon } from "lucide-react";
import { api } from "@/convex/_generated/api";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DailyChart } from "@/components/shared/charts/daily-chart";
import { attempt } from "@/components/shared/errors";
import { formatCents, formatNumber, formatPercent } from "@/lib/domain/format";
import { AlertsCard } from "./alerts-card";
import { TopTenants } from "./top-tenants";

/** The platform overview, live: every figure updates as tenants change and usage arrives. */
export function OverviewClient({ preloaded, isAdmin }: { preloaded: Preloaded<typeof api.admin.overview.get>; isAdmin: boolean }) {
  const data = usePreloadedQuery(preloaded);
  const rebuild = useMutation(api.jobs.platformBackfill.rebuild);
  const { summary, today } = data;
  const kpis = [
    {
      icon: Building2Icon,
      label: "Total tenants",
      value: formatNumber(summary.total),
      hint: `${formatNumber(summary.byStatus.active)} active · ${formatNumber(summary.byStatus.trial)} on trial`,
    },
    { icon: BotIcon, label: "Active agents", value: formatNumber(summary.activeAgents), hint: "in tenants that can run them" },
    {
      icon: ActivityIcon,
      label: "Calls today",
      value: formatNumber(today.calls),
      hint: today.calls ? `${formatPercent(today.errors / today.calls)} errors` : "none yet (UTC day)",
    },
    {
      icon: DollarSignIcon,
      label: "Revenue this month",
      value: formatCents(summary.revenueThisMonthCents),
      hint: `MRR ${formatCents(summary.mrrCents)}`,
    },
  ];
  return (
    <div className="space-y-6">
      {data.needsRebuild && (
        <Alert variant="warning">
          <RefreshCwIcon />
          <AlertTitle>Platform statistics are not built yet</AlertTitle>
          <AlertDescription className="space-y-2">
            <p>This data was created before the admin statistics existed. Building them walks every tenant once, in the background.</p>
            {isAdmin && (
              <Button size="sm" variant="outline" onClick={() => attempt(() => rebuild({}), "Rebuilding platform statistics")}>
                Build statistics
              </Button>
            )}
          </AlertDescription>
        </Alert>
      )}
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {kpis.map(({ icon: Icon, label, value, hint }) => (
          <Card key={label} className="gap-1 py-4" data-testid={`kpi-${label.toLowerCase().replace(/\s+/g, "-")}`}>
            <CardHeader className="px-4">
              <CardDescription className="flex items-center gap-1.5">
                <Icon className="size-4" aria-hidden="true" /> {label}
              </CardDescription>
              <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
              <p className="text-xs text-muted-foreground">{hint}</p>
            </CardHeader>
          </Card>
        ))}
      </div>
      <Card className="gap-4">
        <CardHeader>
          <CardTitle>Calls per day</CardTitle>
          <CardDescription>Every tenant, the last 14 days (UTC).</CardDescription>
        </CardHeader>
        <CardContent>
          <DailyChart data={data.trend} dataKey="calls" label="Calls" format={formatNumber} height={200} />
        </CardContent>
      </Card>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-2">
        <TopTenants title="Top tenants by cost" description="Model cost this month." tenants={data.topByCost} figure="cost" />
        <TopTenants title="Top tenants by usage" description="Tokens this month." tenants={data.topByUsage} figure="tokens" />
      </div>
      <AlertsCard alerts={data.alerts} />
    </div>
  );
}
