import type { Metadata } from "next";
import { BillingClient } from "@/components/billing/billing-client";
import { NoAccess } from "@/components/shared/no-access";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/server/env";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Billing" };

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /t/[slug]/billing: plan and status, next invoice preview, budget, plans, invoices. Owners act; admins read; others see no billing.
export default async function BillingPage({ params, searchParams }: Props) {
  const { tenant, allowed } = await pageTenant(params, "billing.read");
  if (!allowed) return <NoAccess what="billing" needs="admin" />;
  const overview = await preload(api.billing.account.overview, { slug: tenant.slug });
  const returned = (await searchParams).checkout;
  const checkout = returned === "success" || returned === "canceled" ? returned : null;
  return <BillingClient overview={overview} checkout={checkout} simulator={getEnv().billing.kind === "simulator"} />;
}
