// Each Stripe event acts once: replays in series or all at once change nothing more and answer 2xx.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import { billingEnv, billingState, scratchDir, seedTenant, startWorld, type World } from "./support/world";
import { send, webhookDeps, type Deps } from "./support/webhook";
import { nowS, subscriptionEvent } from "./support/events";

const dataDir = scratchDir("idempotency");
billingEnv(dataDir);

let world: World;
let deps: Deps;
beforeAll(async () => {
  world = await startWorld(dataDir);
  deps = webhookDeps(world.t.url);
});
afterAll(() => world.dispose());

const stripeAudits = (audits: { action: string }[]) => audits.filter((a) => a.action.startsWith("stripe."));

describe.each([
  [
    "in series",
    async (deps: Deps, payload: string) => {
      const out = [];
      for (let i = 0; i < 5; i++) out.push(await send(deps, payload));
      return out;
    },
  ],
  ["at once", (deps: Deps, payload: string) => Promise.all(Array.from({ length: 5 }, () => send(deps, payload)))],
])("the same event 5 times %s", (label, deliver) => {
  it("makes one state change and one audit row; every delivery gets 2xx", async () => {
    const slug = `idem-${label.replace(" ", "-")}`;
    const { tenantId } = await seedTenant(world.t, { slug, plan: "starter", customerId: `cus_${slug}`, subscriptionId: `sub_${slug}` });
    const event = subscriptionEvent("customer.subscription.updated", { id: `sub_${slug}`, customer: `cus_${slug}`, plan: "pro" }, nowS());
    const payload = JSON.stringify(event);
    const replies = await deliver(deps, payload);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies.map((r) => r.body.outcome).sort()).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "processed"]);
    const state = await billingState(world.t, tenantId);
    expect(state.tenant.plan).toBe("pro");
    expect(state.subscriptions).toHaveLength(1);
    expect(stripeAudits(state.audits)).toHaveLength(1);
    expect(state.events).toHaveLength(1);
    expect(state.events[0]).toMatchObject({ eventId: event.id, outcome: "processed", payload });
    const updatedAt = state.tenant.updatedAt;
    // A sixth delivery long after: still nothing.
    expect((await send(deps, payload)).body.outcome).toBe("duplicate");
    const after = await billingState(world.t, tenantId);
    expect(after.tenant.updatedAt).toBe(updatedAt);
    expect(stripeAudits(after.audits)).toHaveLength(1);
  });
});

describe("events for customers no tenant has", () => {
  it("are recorded as ignored, 2xx, and change no tenant", async () => {
    const event = subscriptionEvent("customer.subscription.updated", { id: "sub_nobody", customer: "cus_nobody", plan: "pro" }, nowS());
    const { status, body } = await send(deps, event);
    expect(status).toBe(200);
    expect(body.outcome).toBe("ignored");
    const rows = await world.t.query((ctx) => ctx.db.query("billingSubscriptions").collect());
    expect(rows.find((r: { subscriptionId: string }) => r.subscriptionId === "sub_nobody")).toBeUndefined();
  });

  it("metadata naming another tenant than the customer's is refused (ignored)", async () => {
    const { tenantId } = await seedTenant(world.t, { slug: "meta-a", plan: "starter", customerId: "cus_meta_a" });
    const other = await seedTenant(world.t, { slug: "meta-b", plan: "starter", customerId: "cus_meta_b" });
    const event = subscriptionEvent(
      "customer.subscription.created",
      { id: "sub_meta", customer: "cus_meta_a", plan: "enterprise", tenantId: other.tenantId },
      nowS(),
    );
    expect((await send(deps, event)).body.outcome).toBe("ignored");
    expect((await billingState(world.t, tenantId)).tenant.plan).toBe("starter");
    expect((await billingState(world.t, other.tenantId)).tenant.plan).toBe("starter");
  });
});
