// @vitest-environment edge-runtime
// Issue 18: an active paying workspace's invoices each have a view and a PDF, both from the record the
// Billing page lists (billing/account:invoice): the lines add up to the total, another workspace's
// invoice reads as missing, and the PDF is a well-formed PDF that says what the view says.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { formatCents, formatDate } from "../../lib/domain/format";
import { addTenant, refusal, type T, type Tenant } from "../api/world";

vi.mock("server-only", () => ({}));
const { invoicePdf } = await import("../../lib/server/billing/simulator");

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;
let globex: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme" });
  globex = await addTenant(t, { slug: "globex" });
});

async function paidInvoice(tenant: Tenant, number: string): Promise<Id<"billingInvoices">> {
  const at = Date.UTC(2026, 10, 1);
  return t.run((ctx) =>
    ctx.db.insert("billingInvoices", {
      tenantId: tenant.id,
      invoiceId: `in_${number}`,
      subscriptionId: "sub_1",
      number,
      status: "paid",
      billingReason: "subscription_cycle",
      currency: "usd",
      totalCents: 102_50,
      amountDueCents: 0,
      amountPaidCents: 102_50,
      periodStart: at,
      periodEnd: Date.UTC(2026, 11, 1),
      hostedInvoiceUrl: null,
      paymentFailedAt: null,
      meteredLines: [{ kind: "tokens", description: "Token overage: 500,000 tokens", quantity: 500_000, amountCents: 3_50 }],
      createdAt: at,
      updatedAt: at,
    }),
  );
}

const view = (tenant: Tenant, id: string, who = tenant.owner) =>
  t.withIdentity({ subject: who }).query(api.billing.account.invoice, { slug: tenant.slug, id });

describe("billing.account.invoice", () => {
  it("gives the workspace's own invoice with lines that add up to its total; another's reads as missing", async () => {
    const mine = await paidInvoice(acme, "ACME-0001");
    const theirs = await paidInvoice(globex, "GLOBEX-0001");
    const invoice = await view(acme, mine);
    expect(invoice).toMatchObject({
      number: "ACME-0001",
      status: "paid",
      totalCents: 102_50,
      lines: [
        { description: "Subscription", amountCents: 99_00 },
        { description: "Token overage: 500,000 tokens", amountCents: 3_50 },
      ],
      billedTo: { name: "acme Inc", email: "billing@acme.test" },
    });
    expect(invoice!.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(invoice!.totalCents);
    // The same list the Billing page shows links to this id.
    const listed = await t.withIdentity({ subject: acme.owner }).query(api.billing.account.overview, { slug: "acme" });
    expect(listed.invoices.map((i) => i.id)).toEqual([mine]);
    expect(await view(acme, theirs)).toBeNull();
    expect(await view(acme, "not-an-id")).toBeNull();
    expect((await refusal(view(acme, mine, acme.viewer))).code).toBe("FORBIDDEN");
  });

  it("renders a PDF whose xref offsets point at its objects and whose text is the view's", async () => {
    const invoice = (await view(acme, await paidInvoice(acme, "ACME-0002")))!;
    const pdf = new TextDecoder("latin1").decode(
      invoicePdf({ ...invoice, billedTo: { name: "A (b) \\ c — é", email: "x@y" } }, { money: formatCents, date: formatDate }),
    );
    expect(pdf.startsWith("%PDF-1.4\n")).toBe(true);
    expect(pdf.trimEnd().endsWith("%%EOF")).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)\n/.exec(pdf)![1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((o, i) => expect(pdf.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)![1]);
    const streamStart = pdf.indexOf("stream\n") + "stream\n".length;
    expect(pdf.slice(streamStart + length, streamStart + length + "\nendstream".length)).toBe("\nendstream");
    for (const text of [
      "Invoice ACME-0002",
      "Total: $102.50",
      "Subscription: $99.00",
      "Token overage: 500,000 tokens: $3.50",
      `Period: ${formatDate(invoice.periodStart)} to ${formatDate(invoice.periodEnd)}`,
    ])
      expect(pdf).toContain(`(${text})`);
    // Delimiters escaped, non-ASCII replaced: the string cannot end early or shift the offsets.
    expect(pdf).toContain("(Billed to: A \\(b\\) \\\\ c ? ? <x@y>)");
  });
});
