// The local simulator end to end: Checkout stand-in, events signed with the generated secret and delivered over HTTP
// to the real route (POST /api/webhooks/stripe), a declined card that changes nothing, and a plan change that cancels
// the subscription it replaces from inside webhook handling.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { billingEnv, billingState, scratchDir, seedTenant, startWorld, type World } from "./support/world";

const dataDir = scratchDir("sim-flow");
billingEnv(dataDir);

let world: World;
let server: http.Server;

/** Next's route handler behind a plain HTTP server: the simulator posts to it like to the app. */
async function serveRoute(): Promise<string> {
  const { POST } = await import("../../app/api/webhooks/stripe/route");
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    const response = await POST(request);
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  world = await startWorld(dataDir);
  process.env.CONVEX_LOCAL_URL = world.t.url;
  process.env.APP_URL = await serveRoute();
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await world.dispose();
});

describe("the simulator behind the billing port", () => {
  it("declines 4000 0000 0000 0002 without a trace, then upgrades starter to pro with 4242 and cancels the old subscription", async () => {
    const { getBilling, simulatorStore } = await import("../../lib/server/billing");
    const { completeCheckout } = await import("../../lib/local/billing-simulator/operations");
    const { deliver } = await import("../../lib/local/billing-simulator/delivery");
    const { tenantId } = await seedTenant(world.t, {
      slug: "flow",
      plan: "starter",
      customerId: "cus_demo_flow",
      subscriptionId: "sub_demo_flow",
    });
    const tenant = {
      tenantId,
      tenantSlug: "flow",
      name: "Flow",
      email: "billing@flow.test",
      customerId: "cus_demo_flow",
      plan: "starter" as const,
      subscriptionId: "sub_demo_flow",
    };
    const port = getBilling();
    const session = await port.createCheckoutSession({
      tenant,
      plan: "pro",
      priceId: "price_tenantry_pro",
      successUrl: `${process.env.APP_URL}/t/flow/billing?checkout=success`,
      cancelUrl: `${process.env.APP_URL}/t/flow/billing`,
      replacesSubscriptionId: "sub_demo_flow",
      attemptKey: "attempt-0001",
    });
    expect(session.url).toBe(`${process.env.APP_URL}/checkout/${session.id}`);
    expect(
      (
        await port.createCheckoutSession({
          ...{ tenant, plan: "pro", priceId: "price_tenantry_pro", successUrl: "x", cancelUrl: "y", replacesSubscriptionId: null },
          attemptKey: "attempt-0001",
        })
      ).id,
    ).toBe(session.id);

    const store = simulatorStore()!;
    const before = await billingState(world.t, tenantId);
    const declined = await completeCheckout(store, session.id, { number: "4000 0000 0000 0002", expiry: "12 / 34", cvc: "123" });
    expect(declined).toEqual({ ok: false, problem: { field: "number", code: "card_declined", message: "Your card was declined." } });
    expect(await billingState(world.t, tenantId)).toEqual(before);
    expect((await store.read((s) => s.checkoutSessions[session.id])).status).toBe("open");

    const paid = await completeCheckout(store, session.id, { number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" });
    if (!paid.ok) throw new Error(paid.problem.message);
    const deliveries = await deliver(paid.events);
    expect(deliveries.map((d) => [d.type, d.status])).toEqual(paid.events.map((e) => [e.type, 200]));
    await deliver([]); // the cancellation the route queued runs after these

    const state = await billingState(world.t, tenantId);
    const newSub = (await store.read((s) => s.checkoutSessions[session.id])).subscription as string;
    expect(state.tenant).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: newSub });
    expect(state.subscriptions.find((s: { subscriptionId: string }) => s.subscriptionId === "sub_demo_flow").status).toBe("canceled");
    expect(state.events.every((e: { outcome: string }) => e.outcome === "processed")).toBe(true);
    expect((await store.read((s) => s.subscriptions.sub_demo_flow)).status).toBe("canceled");
    // No secret was configured: the simulator made one in the data dir and signed with it.
    expect(fs.readFileSync(path.join(dataDir, "stripe-webhook-secret"), "utf8")).toMatch(/^whsec_[0-9a-f]{48}$/);
  });
});
