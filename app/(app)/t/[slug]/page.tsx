import type { Metadata } from "next";
import { OverviewClient } from "@/components/portal/overview/overview-client";
import { api } from "@/convex/_generated/api";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";
import { getTenantForUser } from "@/lib/server/tenancy";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // Same memoized lookup as the layout; a non-member gets a generic title, not the name.
  const tenant = await getTenantForUser((await params).slug);
  return { title: tenant ? `${tenant.name} · Overview` : "Not found" };
}

// GET /t/[slug]: the overview dashboard (counters and rollups, live).
export default async function TenantOverviewPage({ params }: Props) {
  const { tenant } = await pageTenant(params, "tenant.read");
  const [overview, conversations] = await Promise.all([
    preload(api.portal.overview.get, { slug: tenant.slug }),
    preload(api.portal.conversations.recent, { slug: tenant.slug, limit: 5 }),
  ]);
  return <OverviewClient overview={overview} conversations={conversations} />;
}
