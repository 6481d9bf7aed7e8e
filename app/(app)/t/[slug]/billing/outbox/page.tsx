import type { Metadata } from "next";
import { OutboxList } from "@/components/billing/outbox-list";
import { NoAccess } from "@/components/shared/no-access";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/server/env";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Email outbox" };

// GET /t/[slug]/billing/outbox: the emails billing wrote for this tenant (locally, instead of sending them).
export default async function OutboxPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, allowed } = await pageTenant(params, "billing.read");
  if (!allowed) return <NoAccess what="billing" needs="admin" />;
  const outbox = await preload(api.billing.account.outbox, { slug: tenant.slug });
  return <OutboxList outbox={outbox} simulator={getEnv().billing.kind === "simulator"} />;
}
