"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { BotIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { useCan, useTenant } from "@/components/tenant/tenant-context";
import { DailyChart } from "../../shared/charts/daily-chart";
import { formatMonth, formatNumber } from "@/lib/domain/format";
import { PageHeader } from "../../shared/page-header";
import { KpiCards } from "./kpi-cards";
import { QuotaCard } from "./quota-card";
import { RecentConversations } from "./recent-conversations";
import { StatusBanner } from "./status-banner";
import { CostByModel, TopAgents } from "./top-agents";

type Props = {
  overview: Preloaded<typeof api.portal.overview.get>;
  conversations: Preloaded<typeof api.portal.conversations.recent>;
};

const monthName = formatMonth;

/** The overview, live: rendered on the server, then kept current by Convex subscriptions. */
export function OverviewClient({ overview, conversations }: Props) {
  const { slug } = useTenant();
  const data = usePreloadedQuery(overview);
  const recent = usePreloadedQuery(conversations);
  const canBill = useCan("billing.read");
  const canWrite = useCan("agents.write");
  const noAgents = data.quotas.agents.used === 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Overview"
        description={`${monthName(data.month)} to date, and activity over the last ${data.activity.days} days.`}
      />
      <StatusBanner status={data.tenant.status} trialDaysLeft={data.tenant.trialDaysLeft} canBill={canBill} />
      {noAgents && (
        <EmptyState
          icon={<BotIcon />}
          title="Create your first agent"
          description="Agents are what your team runs on Tenantry. Add one to start recording calls, tokens and cost here."
          action={
            canWrite ? (
              <Button asChild>
                <Link href={`/t/${slug}/agents?new=1`}>
                  <PlusIcon /> New agent
                </Link>
              </Button>
            ) : undefined
          }
        />
      )}
      <KpiCards monthCostMicros={data.monthToDate.costMicros} budget={data.budget} activity={data.activity} />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Card>
          <CardHeader>
            <CardTitle>Activity</CardTitle>
            <CardDescription>
              {formatNumber(data.activity.calls)} calls in the last {data.activity.days} days
            </CardDescription>
          </CardHeader>
          <CardContent>
            {data.activity.calls === 0 ? (
              <p className="flex h-60 items-center justify-center rounded-lg border border-dashed text-sm text-muted-foreground">
                No calls yet: activity appears here as agents run.
              </p>
            ) : (
              <DailyChart data={data.activity.daily} dataKey="calls" label="Calls" format={formatNumber} kind="area" />
            )}
          </CardContent>
        </Card>
        <QuotaCard planName={data.tenant.planName} canBill={canBill} quotas={data.quotas} />
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <TopAgents agents={data.topAgents} />
        <CostByModel models={data.costByModel} totalMicros={data.monthToDate.costMicros} />
      </div>
      <RecentConversations rows={recent} />
    </div>
  );
}
