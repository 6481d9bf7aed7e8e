// Period-end invoices: metered lines added exactly once; a failed payment goes past due, suspends after grace, and paying reactivates.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import { makeFunctionReference } from "convex/server";
import { as, billingEnv, billingState, recordUsage, scratchDir, seedTenant, startWorld, type World } from "./support/world";
import { send, webhookDeps, type Deps } from "./support/webhook";
import { simStoreAt, type SimStore } from "../../lib/local/billing-simulator/store";
import { simulatorAdapter } from "../../lib/local/billing-simulator/adapter";
import { adoptTenant, createPortalSession } from "../../lib/local/billing-simulator/accounts";
import { finishPeriodEnd, startPeriodEnd, updateCard } from "../../lib/local/billing-simulator/operations";
import { DAY_MS } from "../../lib/domain/time";

const dataDir = scratchDir("invoices");
billingEnv(dataDir);

const GB = 1024 ** 3;
const overview = makeFunctionReference<"query">("billing/account:overview");
let world: World;
let deps: Deps;
let store: SimStore;

beforeAll(async () => {
  world = await startWorld(dataDir);
  store = simStoreAt(dataDir);
  deps = webhookDeps(world.t.url, { port: simulatorAdapter(store, "http://localhost:0") });
});
afterAll(() => world.dispose());

async function payingTenant(slug: string, extra: { storageBytes?: number } = {}) {
  const seeded = await seedTenant(world.t, { slug, plan: "starter", customerId: `cus_${slug}`, subscriptionId: `sub_${slug}`, ...extra });
  await adoptTenant(store, {
    customerId: `cus_${slug}`,
    subscriptionId: `sub_${slug}`,
    plan: "starter",
    email: `billing@${slug}.test`,
    name: slug,
    tenantId: seeded.tenantId,
    tenantSlug: slug,
  });
  return seeded;
}

const sendAll = async (events: object[]) => {
  for (const e of events) expect((await send(deps, e)).status).toBe(200);
};

describe("invoice.created", () => {
  it.each([["in series"], ["at once"]])("delivered 3 times (%s) adds its metered lines once, as the preview showed them", async (mode) => {
    const slug = `inv-${mode.replace(" ", "-")}`;
    const { tenantId, users } = await payingTenant(slug, { storageBytes: 12 * GB });
    await recordUsage(world.t, tenantId, 7_000_000); // starter includes 5M: 2M over, $20.00
    const preview = (await as(world.t, users.owner).query(overview, { slug })).preview;
    expect(preview.lines.map((l: { kind: string; amountCents: number }) => [l.kind, l.amountCents])).toEqual([
      ["base", 49_00],
      ["tokens", 20_00],
      ["storage", 20],
    ]);

    const { invoiceId, events } = await startPeriodEnd(store, `sub_${slug}`, false);
    const created = events.find((e) => e.type === "invoice.created")!;
    await send(deps, events[0]);
    const payload = JSON.stringify(created);
    const replies =
      mode === "in series"
        ? [await send(deps, payload), await send(deps, payload), await send(deps, payload)]
        : await Promise.all([1, 2, 3].map(() => send(deps, payload)));
    expect(replies.every((r) => r.status === 200)).toBe(true);

    const state = await billingState(world.t, tenantId);
    const row = state.invoices.find((i: { invoiceId: string }) => i.invoiceId === invoiceId);
    expect(row.meteredLines).toEqual(preview.lines.filter((l: { kind: string }) => l.kind !== "base"));
    expect(row.meteredLinesPushedAt).toBeTypeOf("number");
    const simInvoice = await store.read((s) => s.invoices[invoiceId]);
    const metered = simInvoice.lines.data.filter((l) => l.metadata.tenantry_line);
    expect(metered.map((l) => [l.metadata.tenantry_line, l.amount])).toEqual([
      ["tokens", 20_00],
      ["storage", 20],
    ]);
    expect(simInvoice.total).toBe(49_00 + 20_00 + 20);
    expect(state.events.find((e: { eventId: string }) => e.eventId === created.id).outcome).toBe("processed");

    // Invoiced usage is not billed again: the next preview starts from zero overage.
    const next = (await as(world.t, users.owner).query(overview, { slug })).preview;
    expect(next.tokens).toBe(0);
    await sendAll(await finishPeriodEnd(store, invoiceId));
    const paid = (await billingState(world.t, tenantId)).invoices.find((i: { invoiceId: string }) => i.invoiceId === invoiceId);
    expect(paid).toMatchObject({ status: "paid", totalCents: 69_20, amountPaidCents: 69_20 });
  });

  it("adds nothing to an invoice when there is no overage", async () => {
    const { tenantId } = await payingTenant("inv-none");
    const { invoiceId, events } = await startPeriodEnd(store, "sub_inv-none", false);
    await sendAll(events);
    const row = (await billingState(world.t, tenantId)).invoices.find((i: { invoiceId: string }) => i.invoiceId === invoiceId);
    expect(row.meteredLines).toEqual([]);
    expect((await store.read((s) => s.invoices[invoiceId])).lines.data).toHaveLength(1);
  });
});

describe("payment failed -> past due -> suspended after grace -> paid -> active", () => {
  it("walks the whole dunning path and tells the owner at each step", async () => {
    const { tenantId, users } = await payingTenant("dunning");
    const { invoiceId, events } = await startPeriodEnd(store, "sub_dunning", true);
    await sendAll(events);
    await sendAll(await finishPeriodEnd(store, invoiceId));

    let state = await billingState(world.t, tenantId);
    expect(state.tenant.status).toBe("past_due");
    const [account] = state.accounts;
    expect(account.suspendAt - account.pastDueSince).toBe(7 * DAY_MS);
    expect(state.outbox.map((m: { kind: string }) => m.kind)).toContain("billing.payment_failed");
    expect(state.outbox.find((m: { kind: string }) => m.kind === "billing.payment_failed").to).toEqual(
      expect.arrayContaining(["billing@dunning.test", users.owner.email]),
    );
    const jobs = await world.t.query((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    const job = jobs.find(
      (j: { name: string; args: { tenantId: string }[] }) => j.name.includes("suspendAfterGrace") && j.args[0].tenantId === tenantId,
    );
    expect(job.scheduledTime).toBe(account.suspendAt);

    // The grace period runs out (the scheduled job runs).
    await world.t.finishAllScheduledFunctions();
    state = await billingState(world.t, tenantId);
    expect(state.tenant.status).toBe("suspended");
    expect(state.accounts[0].billingSuspended).toBe(true);
    expect(state.audits.map((a: { action: string }) => a.action)).toContain("billing.suspended");
    expect(state.outbox.map((m: { kind: string }) => m.kind)).toContain("billing.suspended");

    // The owner fixes the card in the portal; the open invoice is paid.
    const portal = await createPortalSession(
      store,
      { customerId: "cus_dunning", tenantId, returnUrl: "http://localhost/back" },
      "http://localhost/p/{id}",
      "k1",
    );
    const portalId = portal.url.split("/").pop()!;
    const declined = await updateCard(store, portalId, { number: "4000 0000 0000 0002", expiry: "12/40", cvc: "123" });
    expect(declined).toMatchObject({ ok: false, problem: { field: "number", message: "Your card was declined." } });
    const fixed = await updateCard(store, portalId, { number: "4242 4242 4242 4242", expiry: "12/40", cvc: "123" });
    if (!fixed.ok) throw new Error("card refused");
    await sendAll(fixed.events);
    state = await billingState(world.t, tenantId);
    expect(state.tenant.status).toBe("active");
    expect(state.accounts[0]).toMatchObject({ billingSuspended: false });
    expect(state.accounts[0].pastDueSince).toBeUndefined();
    expect(state.invoices.find((i: { invoiceId: string }) => i.invoiceId === invoiceId).status).toBe("paid");
    expect(state.outbox.map((m: { kind: string }) => m.kind)).toContain("billing.reactivated");
  });

  it("paying never lifts a suspension staff made", async () => {
    const { tenantId } = await payingTenant("staff-hold");
    await world.t.run((ctx) => ctx.db.patch(tenantId, { status: "suspended" }));
    const { invoiceId, events } = await startPeriodEnd(store, "sub_staff-hold", false);
    await sendAll(events);
    await sendAll(await finishPeriodEnd(store, invoiceId));
    expect((await billingState(world.t, tenantId)).tenant.status).toBe("suspended");
  });

  it("a late payment_failed for an invoice already paid changes nothing", async () => {
    const { tenantId } = await payingTenant("late-fail");
    const { invoiceId, events } = await startPeriodEnd(store, "sub_late-fail", true);
    await sendAll(events);
    const outcome = await finishPeriodEnd(store, invoiceId);
    const failed = outcome.find((e) => e.type === "invoice.payment_failed")!;
    const portal = await createPortalSession(
      store,
      { customerId: "cus_late-fail", tenantId, returnUrl: "http://x" },
      "http://x/{id}",
      "k2",
    );
    const fixed = await updateCard(store, portal.url.split("/").pop()!, { number: "4242424242424242", expiry: "1/39", cvc: "999" });
    if (!fixed.ok) throw new Error("card refused");
    await sendAll(outcome.filter((e) => e !== failed));
    await sendAll(fixed.events);
    await sendAll([failed]);
    const state = await billingState(world.t, tenantId);
    expect(state.tenant.status).toBe("active");
    expect(state.invoices.find((i: { invoiceId: string }) => i.invoiceId === invoiceId)).toMatchObject({
      status: "paid",
      paymentFailedAt: null,
    });
  });
});
