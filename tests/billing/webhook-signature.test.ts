// POST /api/webhooks/stripe refuses anything not signed by Stripe: 400, and nothing changes.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import Stripe from "stripe";
import { billingEnv, billingState, scratchDir, seedTenant, startWorld, type World } from "./support/world";
import { OLD_WEBHOOK_SECRET, send, webhookDeps, WEBHOOK_SECRET, type Deps } from "./support/webhook";
import { nowS, subscriptionEvent } from "./support/events";

const dataDir = scratchDir("signature");
billingEnv(dataDir);

let world: World;
let deps: Deps;
let tenantId: string;

beforeAll(async () => {
  world = await startWorld(dataDir);
  deps = webhookDeps(world.t.url);
  tenantId = (await seedTenant(world.t, { slug: "sig", plan: "starter", customerId: "cus_sig", subscriptionId: "sub_sig" })).tenantId;
});
afterAll(() => world.dispose());

const upgrade = () => subscriptionEvent("customer.subscription.updated", { id: "sub_sig", customer: "cus_sig", plan: "pro" }, nowS());

describe("signature verification", () => {
  const cases: [string, (event: object) => Parameters<typeof send>[2], RegExp][] = [
    ["a forged signature (another secret)", () => ({ secret: "whsec_not_the_endpoint_secret" }), /No signatures found matching/],
    ["a tampered body", () => ({ body: (p: string) => p.replace('"pro"', '"enterprise"') }), /No signatures found matching/],
    ["a timestamp 301 s old", () => ({ timestamp: nowS() - 301 }), /Timestamp outside the tolerance zone/],
    ["a missing header", () => ({ signature: null }), /Missing Stripe-Signature/],
    ["a header without v1 signatures", () => ({ signature: `t=${nowS()}` }), /Signature verification failed/],
  ];

  it.each(cases)("%s gets 400 and changes nothing", async (_, options, message) => {
    const before = await billingState(world.t, tenantId);
    const { status, body } = await send(deps, upgrade(), options(upgrade()));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: "INVALID", field: "stripe-signature" });
    expect(String(body.message)).toMatch(message);
    expect(await billingState(world.t, tenantId)).toEqual(before);
  });

  it("uses the SDK's default tolerance: 299 s old is still accepted", async () => {
    expect(Stripe.webhooks.DEFAULT_TOLERANCE).toBe(300);
    const { status, body } = await send(deps, upgrade(), { timestamp: nowS() - 299 });
    expect(status).toBe(200);
    expect(body.outcome).toBe("processed");
  });

  it("accepts the previous (rotated) secret and the current one", async () => {
    const a = await send(
      deps,
      subscriptionEvent("customer.subscription.updated", { id: "sub_sig", customer: "cus_sig", plan: "enterprise" }, nowS() + 1),
      { secret: OLD_WEBHOOK_SECRET },
    );
    expect(a.status).toBe(200);
    const b = await send(
      deps,
      subscriptionEvent("customer.subscription.updated", { id: "sub_sig", customer: "cus_sig", plan: "starter" }, nowS() + 2),
      { secret: WEBHOOK_SECRET },
    );
    expect(b.status).toBe(200);
    const state = await billingState(world.t, tenantId);
    expect(state.tenant.plan).toBe("starter");
  });

  it("a secret that was rotated out no longer works", async () => {
    const only = webhookDeps(world.t.url, { secrets: [WEBHOOK_SECRET] });
    const before = await billingState(world.t, tenantId);
    const { status } = await send(only, upgrade(), { secret: OLD_WEBHOOK_SECRET });
    expect(status).toBe(400);
    expect(await billingState(world.t, tenantId)).toEqual(before);
  });

  it("records other event types, answers 2xx and ignores them", async () => {
    const event = { ...upgrade(), id: "evt_other_type", type: "customer.updated", data: { object: { id: "cus_sig", object: "customer" } } };
    const { status, body } = await send(deps, event);
    expect(status).toBe(200);
    expect(body.outcome).toBe("ignored");
    const stored = (await billingState(world.t, tenantId)).events;
    expect(stored.find((e: { eventId: string }) => e.eventId === "evt_other_type")).toBeUndefined(); // not tied to a tenant
    const all = await world.t.query((ctx) => ctx.db.query("webhookEvents").collect());
    expect(all.find((e: { eventId: string }) => e.eventId === "evt_other_type")).toMatchObject({
      outcome: "ignored",
      type: "customer.updated",
    });
  });
});
