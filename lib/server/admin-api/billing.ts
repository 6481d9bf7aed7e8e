import "server-only";
import { api } from "@/convex/_generated/api";
import { getBilling } from "@/lib/server/billing";
import { monthBounds, reconcileInvoices, type ProviderInvoice } from "@/lib/domain/billing/reconcile";
import { FieldError } from "./input";
import type { Handler } from "./tenants";
import { ok } from "./respond";

const MONTH_MESSAGE = "Use a month as YYYY-MM (e.g. 2026-03).";

/**
 * GET tenants/:slug/billing/reconcile?month=YYYY-MM: Tenantry's invoices, lines and
 * usage for the month (a staff query, so support may run it: it writes nothing)
 * against the billing provider's invoices for the tenant's customer (Stripe through
 * the billing port; the simulator in local mode). Always 200: the differences are
 * the answer, and `reconciled` says whether there are none.
 */
export const reconcile: Handler = async (op, request, slug) => {
  const month = new URL(request.url).searchParams.get("month") ?? "";
  const bounds = monthBounds(month);
  if (!bounds) throw new FieldError(MONTH_MESSAGE, "month");
  const ours = await op.query(api.admin.billing.reconcile, { slug, month });
  const billing = getBilling();
  // A tenant that never checked out has no customer: the provider can hold nothing for it.
  const theirs: ProviderInvoice[] = ours.customerId
    ? await billing.listInvoices({ customerId: ours.customerId, fromMs: bounds.from, toMs: bounds.to })
    : [];
  const differences = reconcileInvoices(ours.invoices, theirs);
  const provider = new Map(theirs.map((p) => [p.id, p]));
  const ids = [...new Set([...ours.invoices.map((i) => i.id), ...theirs.map((p) => p.id)])];
  return ok({
    slug: ours.slug,
    month,
    provider: billing.kind,
    customerId: ours.customerId,
    usage: ours.usage,
    invoices: ids.map((id) => {
      const r = ours.invoices.find((i) => i.id === id) ?? null;
      const p = provider.get(id) ?? null;
      return {
        invoiceId: id,
        number: p?.number ?? r?.number ?? null,
        createdAt: p?.createdAt ?? r!.createdAt,
        tenantry: r && {
          status: r.status,
          totalCents: r.totalCents,
          baseCents: r.baseCents,
          meteredLines: r.meteredLines ?? [],
        },
        stripe: p && { status: p.status, totalCents: p.totalCents, lines: p.lines },
      };
    }),
    differences,
    reconciled: differences.length === 0,
  });
};
