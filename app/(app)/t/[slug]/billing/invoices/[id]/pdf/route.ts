// GET /t/[slug]/billing/invoices/[id]/pdf: one invoice of the workspace as a PDF (owners and admins), from the record the Billing page lists.
import { NextResponse } from "next/server";
import { api } from "@/convex/_generated/api";
import { formatCents, formatDate } from "@/lib/domain/format";
import { can } from "@/lib/domain/permissions";
import { invoicePdf } from "@/lib/server/billing/simulator";
import { fetchAs } from "@/lib/server/portal/convex";
import { getTenantForUser } from "@/lib/server/tenancy";

// The closed error shape of the app's other routes (a plain-text body is what the hostile suite refuses).
const notFound = () =>
  NextResponse.json(
    { error: { code: "NOT_FOUND", message: "No such invoice in this workspace." } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  // Not a member, no such workspace and not allowed all read as a missing invoice.
  const tenant = await getTenantForUser(slug);
  if (!tenant || !can(tenant.role, "billing.read")) return notFound();
  const invoice = await fetchAs(api.billing.account.invoice, { slug: tenant.slug, id });
  if (!invoice) return notFound();
  const name = (invoice.number ?? "draft").replace(/[^\w.-]/g, "_");
  return new NextResponse(Buffer.from(invoicePdf(invoice, { money: formatCents, date: formatDate })), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="invoice-${name}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
