// Late, repeated and reordered events: the newest state of each subscription wins, and a cancelled one stays cancelled.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import fc from "fast-check";
import { billingEnv, billingState, scratchDir, seedTenant, startWorld, type World } from "./support/world";
import { send, webhookDeps, type Deps } from "./support/webhook";
import { nowS, subscriptionEvent, type SubSpec } from "./support/events";

const dataDir = scratchDir("ordering");
billingEnv(dataDir);

let world: World;
let deps: Deps;
beforeAll(async () => {
  world = await startWorld(dataDir);
  deps = webhookDeps(world.t.url);
});
afterAll(() => world.dispose());

type Step = {
  type: "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted";
  spec: Omit<SubSpec, "id" | "customer">;
  tenant: { status: string; plan: string };
};

/** A subscription's life, in the order Stripe lived it, with the tenant state each step should leave. */
const LIFE: Step[] = [
  { type: "customer.subscription.created", spec: { plan: "starter" }, tenant: { status: "active", plan: "starter" } },
  { type: "customer.subscription.updated", spec: { plan: "pro" }, tenant: { status: "active", plan: "pro" } },
  { type: "customer.subscription.updated", spec: { plan: "pro", status: "past_due" }, tenant: { status: "past_due", plan: "pro" } },
  { type: "customer.subscription.updated", spec: { plan: "pro", status: "active" }, tenant: { status: "active", plan: "pro" } },
  { type: "customer.subscription.updated", spec: { plan: "pro", cancelAtPeriodEnd: true }, tenant: { status: "active", plan: "pro" } },
  {
    type: "customer.subscription.deleted",
    spec: { plan: "pro", status: "canceled", cancelAtPeriodEnd: true },
    tenant: { status: "suspended", plan: "pro" },
  },
];

function lifeEvents(slug: string, steps: number) {
  const base = nowS() - 10_000;
  const start = base - 86_400;
  return LIFE.slice(0, steps).map((step, i) =>
    subscriptionEvent(step.type, { id: `sub_${slug}`, customer: `cus_${slug}`, start, periodStart: start, ...step.spec }, base + i * 7),
  );
}

let counter = 0;
async function freshTenant() {
  const slug = `order-${++counter}`;
  const seeded = await seedTenant(world.t, { slug, plan: "enterprise", status: "trial", customerId: `cus_${slug}`, roles: ["owner"] });
  return { slug, tenantId: seeded.tenantId };
}

describe("out-of-order subscription updates", () => {
  it("an old update delivered after a newer one changes nothing", async () => {
    const { slug, tenantId } = await freshTenant();
    const [created, toPro, pastDue] = lifeEvents(slug, 3);
    for (const e of [created, pastDue, toPro]) expect((await send(deps, e)).status).toBe(200);
    const state = await billingState(world.t, tenantId);
    expect(state.subscriptions[0]).toMatchObject({ status: "past_due", plan: "pro", stateAsOf: pastDue.created });
    expect(state.tenant).toMatchObject({ status: "past_due", plan: "pro" });
    expect(state.events.find((e: { eventId: string }) => e.eventId === toPro.id)?.error).toMatch(/stale/);
  });

  it("a redelivered old update cannot revive a cancelled subscription", async () => {
    const { slug, tenantId } = await freshTenant();
    const life = lifeEvents(slug, 6);
    for (const e of life) await send(deps, e);
    const stale = { ...life[3], id: `${life[3].id}_redelivered` };
    expect((await send(deps, stale)).status).toBe(200);
    // Even an update stamped later than the cancellation cannot bring it back.
    const late = subscriptionEvent(
      "customer.subscription.updated",
      { id: `sub_${slug}`, customer: `cus_${slug}`, plan: "starter" },
      nowS() + 60,
    );
    expect((await send(deps, late)).status).toBe(200);
    const state = await billingState(world.t, tenantId);
    expect(state.subscriptions[0].status).toBe("canceled");
    expect(state.tenant).toMatchObject({ status: "suspended", plan: "pro" });
  });

  it("two different states in the same second keep the first (cloud mode asks Stripe, see stripe-adapter.test.ts)", async () => {
    const { slug, tenantId } = await freshTenant();
    const at = nowS();
    const a = subscriptionEvent("customer.subscription.updated", { id: `sub_${slug}`, customer: `cus_${slug}`, plan: "pro" }, at);
    const b = subscriptionEvent("customer.subscription.updated", { id: `sub_${slug}`, customer: `cus_${slug}`, plan: "starter" }, at);
    await send(deps, a);
    await send(deps, b);
    const state = await billingState(world.t, tenantId);
    expect(state.subscriptions[0].plan).toBe("pro");
    expect(state.events.find((e: { eventId: string }) => e.eventId === b.id)?.error).toMatch(/^tie/);
  });
});

describe("200 random orderings of a subscription's life", () => {
  it("always end in the state of the newest event", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: LIFE.length })
          .chain((steps) =>
            fc.tuple(
              fc.constant(steps),
              fc.shuffledSubarray([...Array(steps).keys()], { minLength: steps, maxLength: steps }),
              fc.array(fc.integer({ min: 0, max: steps - 1 }), { maxLength: 3 }),
              fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
            ),
          ),
        async ([steps, order, duplicates, positions]) => {
          const { slug, tenantId } = await freshTenant();
          const events = lifeEvents(slug, steps);
          const sequence = [...order];
          duplicates.forEach((d, i) => sequence.splice(positions[i] % (sequence.length + 1), 0, d));
          for (const i of sequence) {
            const { status } = await send(deps, events[i]);
            if (status !== 200) return false;
          }
          const expected = LIFE[steps - 1];
          const state = await billingState(world.t, tenantId);
          const sub = state.subscriptions[0];
          expect(state.subscriptions).toHaveLength(1);
          expect(sub.stateAsOf).toBe(events[steps - 1].created);
          expect(sub.status).toBe(expected.spec.status ?? "active");
          expect(sub.plan).toBe(expected.spec.plan);
          expect(sub.cancelAtPeriodEnd).toBe(expected.spec.cancelAtPeriodEnd ?? false);
          expect({ status: state.tenant.status, plan: state.tenant.plan }).toEqual(expected.tenant);
          expect(state.events.filter((e: { outcome: string }) => e.outcome === "processed")).toHaveLength(steps);
          return true;
        },
      ),
      { numRuns: 200 },
    );
  }, 300_000);
});
