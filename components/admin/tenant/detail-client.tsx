"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { ArrowLeftIcon } from "lucide-react";
import Link from "next/link";
import { api } from "@/convex/_generated/api";
import { PlanBadge, TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { ActionsCard } from "./actions/actions-card";
import { ActivityCard } from "./activity-card";
import { HealthFlags } from "./health-flags";
import { ProfileCard } from "./profile-card";
import { RecentAudit, RecentWebhooks } from "./recent-lists";
import { UsageCard } from "./usage-card";

/** One tenant as staff see it, live: facts, quotas, activity, flags, actions and recent history. */
export function TenantDetailClient({ preloaded }: { preloaded: Preloaded<typeof api.admin.tenantDetail.get> }) {
  const detail = usePreloadedQuery(preloaded);
  const t = detail.tenant;
  const isAdmin = detail.viewer.role === "admin";
  return (
    <div className="space-y-6">
      <div className="space-y-3">
        <Link href="/admin/tenants" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeftIcon className="size-4" /> All tenants
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-2xl font-semibold tracking-tight">{t.name}</h2>
          <code className="rounded bg-muted px-1.5 py-0.5 text-xs">{t.slug}</code>
          <TenantStatusBadge status={t.status} />
          <PlanBadge plan={t.plan} />
        </div>
      </div>
      <HealthFlags flags={detail.flags} />
      <ActionsCard tenant={t} isAdmin={isAdmin} now={detail.generatedAt} />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 lg:grid-cols-2">
        <ProfileCard detail={detail} />
        <UsageCard detail={detail} />
      </div>
      <ActivityCard activity={detail.activity} />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <RecentAudit slug={t.slug} entries={detail.audit} />
        <RecentWebhooks slug={t.slug} events={detail.webhooks} />
      </div>
    </div>
  );
}
