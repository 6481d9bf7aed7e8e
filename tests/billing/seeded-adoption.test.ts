// Issue 18: a seeded paying workspace (Stripe ids in Convex only) gets its subscription from the
// simulator's signed webhook events, as a checkout does: then the Billing page's renewal date is the
// one the portal shows (the simulator's subscription), and it lists the first invoice, paid.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import { makeFunctionReference } from "convex/server";
import { api } from "../../convex/_generated/api";
import { as, billingEnv, scratchDir, seedTenant, startWorld, type World } from "./support/world";
import { send, webhookDeps, type Deps } from "./support/webhook";
import { simStoreAt, type SimStore } from "../../lib/local/billing-simulator/store";
import { simulatorAdapter } from "../../lib/local/billing-simulator/adapter";
import { adoptTenant } from "../../lib/local/billing-simulator/accounts";

const dataDir = scratchDir("seeded");
billingEnv(dataDir);

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

describe("seeded paying workspace", () => {
  it("is listed until its events arrive, then shows the portal's renewal date and a paid invoice", async () => {
    // "acme" is a slug of the demo seed (convex/dev/seed.ts), the only tenants the query looks at.
    const { users } = await seedTenant(world.t, {
      slug: "acme",
      plan: "pro",
      customerId: "cus_demo_acme",
      subscriptionId: "sub_demo_acme",
    });
    const before = (await as(world.t, users.owner).query(overview, { slug: "acme" })) as { subscription: unknown; invoices: unknown[] };
    expect(before.subscription).toBeNull();
    expect(before.invoices).toEqual([]);

    const listed = await deps.convex.query(api.billing.seeded.unadopted, {});
    expect(listed.map((t) => [t.tenantSlug, t.customerId, t.subscriptionId])).toEqual([["acme", "cus_demo_acme", "sub_demo_acme"]]);

    const { events } = await adoptTenant(store, listed[0]);
    expect(events.map((e) => e.type)).toEqual([
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    for (const e of events) expect((await send(deps, e)).status).toBe(200);

    const after = (await as(world.t, users.owner).query(overview, { slug: "acme" })) as {
      subscription: { currentPeriodEnd: number; status: string };
      invoices: { status: string; number: string | null; totalCents: number }[];
    };
    const sim = await store.read((s) => s.subscriptions.sub_demo_acme!);
    expect(after.subscription.status).toBe("active");
    expect(after.subscription.currentPeriodEnd).toBe(sim.items.data[0].current_period_end * 1000);
    expect(after.invoices).toHaveLength(1);
    expect(after.invoices[0]).toMatchObject({ status: "paid", totalCents: 299_00 });
    expect(after.invoices[0].number).toMatch(/^TNTRY-\d{4}$/);

    // Known now: the next start adopts nothing, and adopting again makes no second subscription or invoice.
    expect(await deps.convex.query(api.billing.seeded.unadopted, {})).toEqual([]);
    expect((await adoptTenant(store, listed[0])).events).toEqual([]);
  });
});
