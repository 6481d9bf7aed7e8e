"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { useTenant } from "@/components/tenant/tenant-context";
import { MODELS } from "@/lib/domain/plans";
import { statusAllows } from "@/lib/domain/tenant-status";
import { formatDate, formatDayLong, formatMicros, formatMonth, formatNumber, formatTokens, NO_DATA } from "@/lib/domain/format";
import { DailyChart } from "../../shared/charts/daily-chart";
import { PageHeader } from "../../shared/page-header";
import { AgentKeyUsage, AgentSessions } from "./agent-activity";

/** One agent: its settings, this month's calls, tokens and cost (total and by day), its last active day, sessions and API keys' usage. */
export function AgentDetailClient({ preloaded }: { preloaded: Preloaded<typeof api.portal.agentDetail.get> }) {
  const { slug, status } = useTenant();
  const { agent, month, total, days, lastActiveDay, sessions, apiKeys } = usePreloadedQuery(preloaded);
  const running = statusAllows(status).agentsRun;
  const figures = [
    { label: "Cost this month", value: formatMicros(total.costMicros), id: "cost" },
    { label: "Calls this month", value: formatNumber(total.calls), id: "calls" },
    { label: "Tokens this month", value: formatTokens(total.inputTokens + total.outputTokens), id: "tokens" },
    { label: "Last active", value: lastActiveDay ? formatDayLong(lastActiveDay) : "Not in the last 90 days", id: "last-active" },
  ];
  const settings: [string, React.ReactNode][] = [
    ["Model", MODELS[agent.model].label],
    ["Department", agent.department ?? <span className="text-muted-foreground">{NO_DATA}</span>],
    [
      "Status",
      <Badge key="status" variant={running && agent.status === "active" ? "success" : "secondary"}>
        {running ? (agent.status === "active" ? "Active" : "Paused") : "Stopped (workspace suspended)"}
      </Badge>,
    ],
    ["Created", formatDate(agent.createdAt)],
    ...Object.entries(agent.metadata).map(([k, v]): [string, React.ReactNode] => [k, v]),
  ];

  return (
    <div className="space-y-6">
      <PageHeader
        title={agent.name}
        description={`${MODELS[agent.model].label} · usage for ${formatMonth(month)}`}
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href={`/t/${slug}/agents`}>
              <ArrowLeftIcon /> All agents
            </Link>
          </Button>
        }
      />
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {figures.map((f) => (
          <Card key={f.id} className="gap-1 py-4" data-testid={`agent-${f.id}`}>
            <CardHeader className="px-4">
              <CardDescription>{f.label}</CardDescription>
              <CardTitle className="text-xl tabular-nums">{f.value}</CardTitle>
            </CardHeader>
          </Card>
        ))}
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Cost per day</CardTitle>
          <CardDescription>{formatMonth(month)}, from the daily usage summaries</CardDescription>
        </CardHeader>
        <CardContent>
          <DailyChart data={days} dataKey="costMicros" label="Cost" format={formatMicros} />
        </CardContent>
      </Card>
      <div className="grid min-w-0 gap-6 xl:grid-cols-2">
        <div className="min-w-0">
          <AgentSessions slug={slug} sessions={sessions} />
        </div>
        <div className="min-w-0">
          <AgentKeyUsage slug={slug} keys={apiKeys} />
        </div>
      </div>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Settings</CardTitle>
          <CardDescription>Change them from the agents table&apos;s row menu.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2" aria-label="Agent settings">
            {/* Metadata keys are the owner's own words: keyed by position, as one may read "Model". */}
            {settings.map(([label, value], i) => (
              <div key={i} className="min-w-0">
                <dt className="text-muted-foreground">{label}</dt>
                <dd className="font-medium break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
