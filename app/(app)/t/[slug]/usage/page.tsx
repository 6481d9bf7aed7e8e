import type { Metadata } from "next";
import { NoAccess } from "@/components/shared/no-access";
import { resolvePeriod } from "@/components/portal/usage/period";
import { UsageClient } from "@/components/portal/usage/usage-client";
import { api } from "@/convex/_generated/api";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Usage and costs" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /t/[slug]/usage?period=30d | ?from=YYYY-MM-DD&to=YYYY-MM-DD: usage and costs from the rollups.
export default async function UsagePage({ params, searchParams }: Props) {
  const { tenant, allowed } = await pageTenant(params, "usage.read");
  if (!allowed) return <NoAccess what="usage" needs="viewer" />;
  const raw = await searchParams;
  const first = (k: string) => (typeof raw[k] === "string" ? (raw[k] as string) : Array.isArray(raw[k]) ? raw[k]![0]! : null);
  // The same resolution as the browser's, so an unusable period in a link falls back instead of failing.
  const period = resolvePeriod({ get: first });
  const initial = await preload(api.portal.usage.report, { slug: tenant.slug, from: period.from, to: period.to });
  return <UsageClient initial={initial} />;
}
