import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress, quotaLevel } from "@/components/ui/progress";
import { formatCents, formatMicros, formatMs, formatNumber, formatPercent } from "@/lib/domain/format";

type Props = {
  monthCostMicros: number;
  budget: { monthlyBudgetCents: number | null; usedCents: number; percent: number | null };
  activity: { days: number; calls: number; errorRate: number; avgLatencyMs: number | null; p95LatencyMs: number | null };
};

/** Month-to-date spend against the budget, and the last 30 days' activity in four numbers. */
export function KpiCards({ monthCostMicros, budget, activity }: Props) {
  const percent = budget.percent ?? 0;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <Card className="gap-3 py-5">
        <CardHeader className="px-5">
          <CardDescription>Cost this month</CardDescription>
          <CardTitle className="text-2xl tabular-nums">{formatMicros(monthCostMicros)}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-2 px-5 text-xs text-muted-foreground">
          {budget.monthlyBudgetCents !== null ? (
            <>
              <Progress value={percent} level={quotaLevel(percent)} aria-label="Monthly budget used" />
              <span className="tabular-nums">
                {percent}% of {formatCents(budget.monthlyBudgetCents)} budget
              </span>
            </>
          ) : (
            <span>No monthly budget set</span>
          )}
        </CardContent>
      </Card>
      <Kpi label={`Calls, last ${activity.days} days`} value={formatNumber(activity.calls)} hint="Agent calls recorded" />
      <Kpi
        label="Error rate"
        value={formatPercent(activity.calls > 0 ? activity.errorRate : null)}
        hint={`Failed calls, last ${activity.days} days`}
      />
      <Kpi label="Response time" value={formatMs(activity.avgLatencyMs)} hint={`Average · p95 ${formatMs(activity.p95LatencyMs)}`} />
    </div>
  );
}

function Kpi({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Card className="gap-3 py-5">
      <CardHeader className="px-5">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums">{value}</CardTitle>
      </CardHeader>
      <CardContent className="px-5 text-xs text-muted-foreground">{hint}</CardContent>
    </Card>
  );
}
