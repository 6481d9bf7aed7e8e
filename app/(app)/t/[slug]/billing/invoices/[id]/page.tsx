import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InvoiceView } from "@/components/billing/invoice-view";
import { NoAccess } from "@/components/shared/no-access";
import { workspaceInvoice } from "@/lib/server/portal/page-exists";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Invoice" };

// GET /t/[slug]/billing/invoices/[id]: one invoice of the workspace (owners and admins), with its PDF link.
export default async function InvoicePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { tenant, allowed } = await pageTenant(params, "billing.read");
  if (!allowed) return <NoAccess what="billing" needs="admin" />;
  const invoice = await workspaceInvoice(tenant.slug, (await params).id);
  if (!invoice) notFound();
  return <InvoiceView invoice={invoice} slug={tenant.slug} />;
}
