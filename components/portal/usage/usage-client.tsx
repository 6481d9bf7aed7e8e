"use client";

import { useQuery, type Preloaded } from "convex/react";
import { preloadedQueryResult } from "convex/nextjs";
import { InfoIcon } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useRef } from "react";
import { api } from "@/convex/_generated/api";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useCan, useTenant } from "@/components/tenant/tenant-context";
import { formatMicros, formatNumber, formatPercent, formatTokens, ratioOrNull } from "@/lib/domain/format";
import { PageHeader } from "../../shared/page-header";
import { BreakdownSection } from "./breakdown-section";
import { DailySection } from "./daily-section";
import { periodSearch, resolvePeriod } from "./period";
import { PeriodPicker } from "./period-picker";

type Props = { initial: Preloaded<typeof api.portal.usage.report> };

/** Usage and costs for the period in the URL, live from the rollups. */
export function UsageClient({ initial }: Props) {
  const { slug } = useTenant();
  const params = useSearchParams();
  const period = resolvePeriod(params);
  const live = useQuery(api.portal.usage.report, { slug, from: period.from, to: period.to });
  const last = useRef(preloadedQueryResult(initial));
  if (live !== undefined) last.current = live;
  const report = live ?? last.current;
  const canExport = useCan("usage.export");
  const { total } = report;

  return (
    <div className="space-y-6" aria-busy={live === undefined}>
      <PageHeader
        title="Usage and costs"
        description="Calls, tokens and cost from your agents, by day and by model, agent and department."
        actions={
          <PeriodPicker
            key={`${period.preset}:${period.from}:${period.to}`}
            period={period}
            onChange={(p) => window.history.pushState(null, "", `${window.location.pathname}${periodSearch(p)}`)}
          />
        }
      />
      {period.error && (
        <Alert variant="warning">
          <InfoIcon />
          <AlertDescription>{period.error}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Figure label="Cost" value={formatMicros(total.costMicros)} testId="usage-cost" />
        <Figure label="Calls" value={formatNumber(total.calls)} />
        <Figure
          label="Tokens"
          value={formatTokens(total.inputTokens + total.outputTokens)}
          hint={`${formatTokens(total.inputTokens)} in · ${formatTokens(total.outputTokens)} out`}
        />
        <Figure
          label="Error rate"
          value={formatPercent(ratioOrNull(total.errors, total.calls))}
          hint={`${formatNumber(total.errors)} failed calls`}
        />
      </div>
      <DailySection days={report.days} total={total} from={report.from} to={report.to} canExport={canExport} />
      <BreakdownSection groups={report} total={total} from={report.from} to={report.to} canExport={canExport} />
    </div>
  );
}

function Figure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId?: string }) {
  return (
    <Card className="gap-2 py-5">
      <CardHeader className="px-5">
        <CardDescription>{label}</CardDescription>
        <CardTitle className="text-2xl tabular-nums" data-testid={testId}>
          {value}
        </CardTitle>
        {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
      </CardHeader>
    </Card>
  );
}
