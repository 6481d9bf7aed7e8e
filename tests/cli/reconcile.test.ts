// `tenantry billing reconcile` end to end: a tenant billed through the real webhook handler and the
// Stripe simulator (the same store the admin API handler reads in local mode), then compared by the
// real CLI through the admin API handlers on convex-local. A clean month exits 0; a metered line
// removed on the simulator's side is found and exits 1; support may run it; a bad month is a usage error.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, ok, scanPlatform, STAFF, startLocal, SYSTEM_SECRET, type Local } from "../admin/support";
import { recordUsage, seedTenant } from "../billing/support/world";
import { send, webhookDeps, type Deps } from "../billing/support/webhook";
import { cli, TOKENS } from "./harness";
import { simStoreAt, type SimStore } from "../../lib/local/billing-simulator/store";
import { simulatorAdapter } from "../../lib/local/billing-simulator/adapter";
import { adoptTenant } from "../../lib/local/billing-simulator/accounts";
import { finishPeriodEnd, startPeriodEnd } from "../../lib/local/billing-simulator/operations";
import { withTotals } from "../../lib/local/billing-simulator/objects/invoice";
import { systemConvex } from "../../lib/server/convex/gateway";
import { startFakeStripe } from "../billing/support/fake-stripe";
import { stripeAdapter } from "../../lib/server/billing/stripe-adapter";
import { reconcileInvoices, type ProviderInvoice, type RecordedInvoice } from "../../lib/domain/billing/reconcile";

// The handler finds the simulator through lib/server/env.ts, read on first use: point it at this test's store.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-reconcile-"));
Object.assign(process.env, { TENANTRY_DATA_DIR: dataDir, TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET });
delete process.env.STRIPE_SECRET_KEY;

const GB = 1024 ** 3;
const SLUG = "ledgerco";
let t: Local;
let tenantry: ReturnType<typeof cli>;
let store: SimStore;
let deps: Deps;
let invoiceId: string;
let month: string;
let supportToken: string;

beforeAll(async () => {
  t = await startLocal("cli-reconcile");
  tenantry = cli(t);
  store = simStoreAt(dataDir);
  deps = webhookDeps(t.url, { convex: systemConvex(t.url, SYSTEM_SECRET), port: simulatorAdapter(store, "http://localhost:0") });
  supportToken = (await ok(as(t, STAFF), "mutation", "admin/tokens:create", { name: "Support", role: "support", expiresInDays: 7 })).token;

  // A paying Starter tenant 2M tokens and 2 GB over its plan, billed at a period end.
  const seeded = await seedTenant(t, { slug: SLUG, plan: "starter", subscriptionId: `sub_${SLUG}`, storageBytes: 12 * GB });
  const adopted = await adoptTenant(store, {
    customerId: `cus_${SLUG}`,
    subscriptionId: `sub_${SLUG}`,
    plan: "starter",
    email: `billing@${SLUG}.test`,
    name: SLUG,
    tenantId: seeded.tenantId,
    tenantSlug: SLUG,
  });
  // The subscription's first invoice (paid at adoption) reaches Tenantry as a server start delivers it.
  for (const e of adopted.events) expect((await send(deps, e)).status).toBe(200);
  await recordUsage(t, seeded.tenantId, 7_000_000);
  const period = await startPeriodEnd(store, `sub_${SLUG}`, false);
  invoiceId = period.invoiceId;
  for (const e of period.events) expect((await send(deps, e)).status).toBe(200);
  for (const e of await finishPeriodEnd(store, invoiceId)) expect((await send(deps, e)).status).toBe(200);
  const created = await store.read((s) => s.invoices[invoiceId].created);
  month = new Date(created * 1000).toISOString().slice(0, 7);
}, 120_000);
afterAll(async () => t?.dispose());

describe("tenantry billing reconcile", () => {
  it("a clean month reconciles: exit 0, the invoice on both sides, no differences", async () => {
    const r = await tenantry(["billing", "reconcile", SLUG, "--month", month]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Reconciled: no differences for ${SLUG} in ${month}.`);
    expect(r.stdout).toMatch(new RegExp(`${invoiceId}.*paid \\$69\\.20.*paid \\$69\\.20`));

    const j = await tenantry(["billing", "reconcile", SLUG, "--month", month, "--json"]);
    expect(j.code, j.stderr).toBe(0);
    const doc = j.json();
    expect(doc).toMatchObject({ slug: SLUG, month, provider: "simulator", customerId: `cus_${SLUG}`, reconciled: true, differences: [] });
    expect(doc.usage.tokens).toBe(7_000_000);
    expect(doc.invoices).toHaveLength(2); // the first invoice, and the period end's
    const invoice = doc.invoices.find((i: { invoiceId: string }) => i.invoiceId === invoiceId);
    expect(invoice.tenantry).toMatchObject({ status: "paid", totalCents: 69_20, baseCents: 49_00 });
    expect(invoice.tenantry.meteredLines.map((l: { kind: string; amountCents: number }) => [l.kind, l.amountCents])).toEqual([
      ["tokens", 20_00],
      ["storage", 20],
    ]);
    expect(invoice.stripe.lines.map((l: { kind: string; amountCents: number }) => [l.kind, l.amountCents])).toEqual([
      ["base", 49_00],
      ["tokens", 20_00],
      ["storage", 20],
    ]);
  });

  it("a month with no invoices reconciles too", async () => {
    const r = await tenantry(["billing", "reconcile", SLUG, "--month", "2020-01", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ invoices: [], differences: [], reconciled: true });
  });

  it("a support platform token can run it, and changes nothing", async () => {
    const before = await scanPlatform(t);
    const r = await tenantry(["billing", "reconcile", SLUG, "--month", month, "--json"], supportToken);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().reconciled).toBe(true);
    expect((await tenantry(["billing", "reconcile", SLUG, "--month", month], TOKENS.support)).code).toBe(0);
    expect(await scanPlatform(t)).toEqual(before);
  });

  it("finds a metered line removed on the Stripe side: exit 1, the difference printed", async () => {
    await store.update((s) => {
      const inv = s.invoices[invoiceId];
      s.invoices[invoiceId] = withTotals({
        ...inv,
        lines: { ...inv.lines, data: inv.lines.data.filter((l) => l.metadata.tenantry_line !== "tokens") },
      });
    });
    const r = await tenantry(["billing", "reconcile", SLUG, "--month", month]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing_line\s+│\s+\S+\s+│\s+tokens\s+│\s+\$20\.00\s+│\s+-/);
    expect(r.stdout).toMatch(/amount_mismatch\s+│\s+\S+\s+│\s+total\s+│\s+\$69\.20\s+│\s+\$49\.20/);
    expect(r.stderr).toContain(`2 differences between Tenantry and the Stripe simulator for ${SLUG} in ${month}.`);

    const j = await tenantry(["billing", "reconcile", SLUG, "--month", month, "--json"]);
    expect(j.code).toBe(1);
    const doc = j.json();
    expect(doc.reconciled).toBe(false);
    expect(doc.differences).toEqual([
      expect.objectContaining({
        type: "missing_line",
        invoiceId,
        line: "tokens",
        tenantry: { amountCents: 20_00, quantity: 1 },
        stripe: null,
      }),
      expect.objectContaining({ type: "amount_mismatch", invoiceId, line: "total", stripe: { amountCents: 49_20, quantity: 1 } }),
    ]);
  });

  it("finds a line added twice", async () => {
    await store.update((s) => {
      const inv = s.invoices[invoiceId];
      const storage = inv.lines.data.find((l) => l.metadata.tenantry_line === "storage")!;
      s.invoices[invoiceId] = withTotals({ ...inv, lines: { ...inv.lines, data: [...inv.lines.data, { ...storage, id: "il_copy" }] } });
    });
    const doc = (await tenantry(["billing", "reconcile", SLUG, "--month", month, "--json"])).json();
    expect(doc.differences.map((d: { type: string; line: string }) => `${d.type}:${d.line}`)).toEqual([
      "missing_line:tokens",
      "duplicate_line:storage",
      "amount_mismatch:total",
    ]);
  });

  it("a bad --month is a usage error naming the field (exit 2); refusals exit 1", async () => {
    for (const bad of ["2026-13", "March", "2026-3"]) {
      const r = await tenantry(["billing", "reconcile", SLUG, "--month", bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--month");
      expect(r.stderr).toContain("YYYY-MM");
    }
    const missing = await tenantry(["billing", "reconcile", "no-such-tenant", "--month", month, "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json().error.code).toBe("NOT_FOUND");
    const owner = await tenantry(["billing", "reconcile", SLUG, "--month", month], TOKENS.owner);
    expect(owner.code).toBe(1);
    expect(owner.stdout).toBe("");
  });

  it("the API itself names the field for a bad month (422), and --help shows examples", async () => {
    const { dispatchAdmin } = await import("../../lib/server/admin-api/dispatch");
    const response = await dispatchAdmin(
      new Request(`http://tenantry.test/api/admin/v1/tenants/${SLUG}/billing/reconcile?month=2026-1`),
      ["tenants", SLUG, "billing", "reconcile"],
      () => as(t, STAFF) as never,
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "INVALID", field: "month" });
    const help = await tenantry(["billing", "reconcile", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("$ tenantry billing reconcile acme-corp --month 2026-03");
  });
});

describe("reconcileInvoices (the comparison alone)", () => {
  const recorded: RecordedInvoice = {
    id: "in_1",
    number: "N-1",
    status: "paid",
    billingReason: "subscription_cycle",
    totalCents: 69_00,
    createdAt: 1,
    baseCents: 49_00,
    meteredLines: [{ kind: "tokens", description: "", quantity: 2_000_000, amountCents: 20_00 }],
  };
  const provider: ProviderInvoice = {
    id: "in_1",
    number: "N-1",
    status: "paid",
    billingReason: "subscription_cycle",
    totalCents: 69_00,
    createdAt: 1,
    lines: [
      { id: "il_a", kind: "base", description: "", quantity: 1, amountCents: 49_00 },
      { id: "il_b", kind: "tokens", description: "", quantity: 1, amountCents: 20_00 },
    ],
  };
  const types = (r: RecordedInvoice[], p: ProviderInvoice[]) => reconcileInvoices(r, p).map((d) => `${d.type}:${d.line}`);

  it("agrees with itself, and ignores lines Tenantry does not make (prorations)", () => {
    expect(types([recorded], [provider])).toEqual([]);
    const prorated = {
      ...provider,
      lines: [...provider.lines, { id: "il_p", kind: "other" as const, description: "", quantity: 1, amountCents: -5 }],
    };
    expect(types([recorded], [{ ...prorated, totalCents: 68_95 }])).toEqual(["amount_mismatch:total"]);
  });

  it("names amount, quantity and status mismatches, unexpected lines and invoices on one side only", () => {
    const lines = [
      { ...provider.lines[0], quantity: 2 },
      { ...provider.lines[1], amountCents: 19_99 },
      { id: "il_s", kind: "storage" as const, description: "", quantity: 1, amountCents: 10 },
    ];
    expect(types([recorded], [{ ...provider, status: "open", lines }])).toEqual([
      "quantity_mismatch:base",
      "amount_mismatch:tokens",
      "unexpected_line:storage",
      "status_mismatch:invoice",
    ]);
    expect(types([recorded], [])).toEqual(["missing_invoice:invoice"]);
    expect(types([], [provider])).toEqual(["unrecorded_invoice:invoice"]);
  });
});

describe("the Stripe adapter's side (cloud mode), against a stand-in speaking Stripe's HTTP API", () => {
  const item = (id: string, amount: number, extra: object) => ({
    id,
    object: "line_item",
    amount,
    quantity: 1,
    description: id,
    metadata: {},
    ...extra,
  });
  const base = item("il_base", 49_00, {
    parent: { type: "subscription_item_details", subscription_item_details: { proration: false, subscription: "sub_1" } },
  });
  const proration = item("il_pro", -1_00, {
    parent: { type: "subscription_item_details", subscription_item_details: { proration: true, subscription: "sub_1" } },
  });
  const tokens = item("il_tok", 20_00, { metadata: { tenantry_line: "tokens" }, parent: { type: "invoice_item_details" } });

  it("lists the month's invoices with every line, following the lines list past the first page", async () => {
    const fake = await startFakeStripe([
      (r) =>
        r.method === "GET" && r.path === "/v1/invoices"
          ? {
              status: 200,
              body: {
                object: "list",
                has_more: false,
                url: "/v1/invoices",
                data: [
                  {
                    id: "in_1",
                    object: "invoice",
                    number: "N-1",
                    status: "paid",
                    billing_reason: "subscription_cycle",
                    total: 68_00,
                    created: 1_700_000_000,
                    lines: { object: "list", has_more: true, url: "/v1/invoices/in_1/lines", data: [base] },
                  },
                ],
              },
            }
          : null,
      (r) =>
        r.method === "GET" && r.path === "/v1/invoices/in_1/lines"
          ? { status: 200, body: { object: "list", has_more: false, url: "/v1/invoices/in_1/lines", data: [base, proration, tokens] } }
          : null,
    ]);
    try {
      const got = await stripeAdapter("sk_test_fake", fake.url).listInvoices({ customerId: "cus_1", fromMs: 0, toMs: 2e12 });
      expect(got).toEqual([
        {
          id: "in_1",
          number: "N-1",
          status: "paid",
          billingReason: "subscription_cycle",
          totalCents: 68_00,
          createdAt: 1_700_000_000_000,
          lines: [
            { id: "il_base", kind: "base", description: "il_base", quantity: 1, amountCents: 49_00 },
            { id: "il_pro", kind: "other", description: "il_pro", quantity: 1, amountCents: -1_00 },
            { id: "il_tok", kind: "tokens", description: "il_tok", quantity: 1, amountCents: 20_00 },
          ],
        },
      ]);
      expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/invoices", "GET /v1/invoices/in_1/lines"]);
    } finally {
      await fake.close();
    }
  });
});
