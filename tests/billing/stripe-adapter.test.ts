// Cloud mode through the real stripe SDK (pointed at a local stand-in for Stripe's API): customers, Checkout,
// metered invoice lines exactly once, and asking Stripe when an event and the stored state disagree.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import Stripe from "stripe";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { as, billingEnv, billingState, recordUsage, scratchDir, seedTenant, startWorld, SYSTEM_SECRET, type World } from "./support/world";
import { send, webhookDeps, type Deps } from "./support/webhook";
import { startFakeStripe, type Recorded } from "./support/fake-stripe";
import { invoice, invoiceEvent, nowS, subscription, subscriptionEvent } from "./support/events";
import { stripeAdapter } from "../../lib/server/billing/stripe-adapter";

const dataDir = scratchDir("stripe-adapter");
billingEnv(dataDir);

/** What Stripe "has": subscriptions and customers (their metadata.tenantId) by id, and whether invoice items currently fail. */
const stripeHas = new Map<string, Stripe.Subscription>();
const customers = new Map<string, string>([
  ["cus_fake_1", "t_123"],
  ["cus_other", "t_other"],
]);
let invoiceItemsFail = false;
let customerTenantOverride: string | null = null;

const routes = [
  (r: Recorded) => {
    if (r.method !== "POST" || r.path !== "/v1/customers") return null;
    const tenantId = r.form.get("metadata[tenantId]") ?? "";
    if (tenantId === "t_123") return { status: 200, body: { id: "cus_fake_1", object: "customer" } };
    // Each other tenant gets its own customer; `customerTenantOverride` makes Stripe disagree about whose it is.
    const id = `cus_made_${customers.size}`;
    customers.set(id, customerTenantOverride ?? tenantId);
    return { status: 200, body: { id, object: "customer", metadata: { tenantId } } };
  },
  (r: Recorded) =>
    r.method === "POST" && r.path === "/v1/checkout/sessions"
      ? { status: 200, body: { id: `cs_test_${r.idempotencyKey}`, object: "checkout.session", url: "https://checkout.stripe.test/c/pay" } }
      : null,
  (r: Recorded) =>
    r.method === "POST" && r.path === "/v1/billing_portal/sessions"
      ? { status: 200, body: { id: "bps_1", object: "billing_portal.session", url: "https://billing.stripe.test/p" } }
      : null,
  (r: Recorded) =>
    r.method === "POST" && r.path === "/v1/invoiceitems"
      ? invoiceItemsFail
        ? { status: 500, body: { error: { type: "api_error", message: "Stripe is having a moment" } } }
        : { status: 200, body: { id: `ii_${r.idempotencyKey}`, object: "invoiceitem" } }
      : null,
  (r: Recorded) => {
    const match = /^\/v1\/customers\/(\w+)$/.exec(r.path);
    const tenantId = match ? customers.get(match[1]) : undefined;
    return r.method === "GET" && tenantId ? { status: 200, body: { id: match![1], object: "customer", metadata: { tenantId } } } : null;
  },
  (r: Recorded) => {
    const match = /^\/v1\/subscriptions\/(\w+)$/.exec(r.path);
    const sub = match ? stripeHas.get(match[1]) : undefined;
    return r.method === "GET" && sub ? { status: 200, body: sub } : null;
  },
];

let world: World;
let fake: Awaited<ReturnType<typeof startFakeStripe>>;
let deps: Deps;
beforeAll(async () => {
  world = await startWorld(dataDir);
  fake = await startFakeStripe(routes);
  deps = webhookDeps(world.t.url, { port: stripeAdapter("sk_test_fake", fake.url), fetchOnDisagreement: true });
});
afterAll(async () => {
  await fake.close();
  await world.dispose();
});
const calls = (path: string) => fake.requests.filter((r) => r.method === "POST" && r.path === path);

describe("creating things in Stripe", () => {
  it("makes the customer with the tenant in its metadata, once per tenant, on the SDK's pinned API version", async () => {
    const port = stripeAdapter("sk_test_fake", fake.url);
    const input = { tenantId: "t_123", tenantSlug: "acme", name: "Acme", email: "billing@acme.test" };
    expect(await port.createCustomer(input)).toBe("cus_fake_1");
    await port.createCustomer(input);
    const made = calls("/v1/customers");
    expect(made.map((r) => r.idempotencyKey)).toEqual(["tenantry-customer-t_123", "tenantry-customer-t_123"]);
    expect(Object.fromEntries(made[0].form)).toMatchObject({
      "metadata[tenantId]": "t_123",
      "metadata[tenantSlug]": "acme",
      email: "billing@acme.test",
    });
    expect(made[0].stripeVersion).toBe(Stripe.API_VERSION);
  });

  it("opens Checkout in subscription mode for the plan's price, naming the subscription it replaces", async () => {
    const port = stripeAdapter("sk_test_fake", fake.url);
    const tenant = {
      tenantId: "t_123",
      tenantSlug: "acme",
      name: "Acme",
      email: "b@acme.test",
      customerId: "cus_fake_1",
      plan: "starter" as const,
      subscriptionId: "sub_old",
    };
    const session = await port.createCheckoutSession({
      tenant,
      plan: "pro",
      priceId: "price_pro",
      successUrl: "https://app/ok",
      cancelUrl: "https://app/no",
      replacesSubscriptionId: "sub_old",
      attemptKey: "click-0001",
    });
    expect(session.url).toBe("https://checkout.stripe.test/c/pay");
    const [req] = calls("/v1/checkout/sessions");
    expect(req.idempotencyKey).toBe("tenantry-checkout-t_123-click-0001");
    expect(Object.fromEntries(req.form)).toMatchObject({
      mode: "subscription",
      customer: "cus_fake_1",
      "line_items[0][price]": "price_pro",
      "line_items[0][quantity]": "1",
      client_reference_id: "t_123",
      "metadata[replacesSubscription]": "sub_old",
      "subscription_data[metadata][tenantId]": "t_123",
      success_url: "https://app/ok",
    });
    await port.createPortalSession({ tenant, returnUrl: "https://app/billing", attemptKey: "click-0002" });
    expect(calls("/v1/billing_portal/sessions")[0].idempotencyKey).toBe("tenantry-portal-cus_fake_1-click-0002");
  });
});

describe("whose customer it is (Stripe is the source of truth)", () => {
  it("checks a customer's metadata.tenantId: the tenant's own, another tenant's, and one that does not exist", async () => {
    const port = stripeAdapter("sk_test_fake", fake.url);
    expect(await port.customerOwnedBy("cus_fake_1", "t_123")).toBe(true);
    expect(await port.customerOwnedBy("cus_other", "t_123")).toBe(false);
    expect(await port.customerOwnedBy("cus_missing", "t_123")).toBe(false);
  });

  it("opens no Checkout and no portal for another tenant's customer: refused as missing, nothing created", async () => {
    const port = stripeAdapter("sk_test_fake", fake.url);
    const before = fake.requests.filter((r) => r.method === "POST").length;
    const tenant = {
      tenantId: "t_123",
      tenantSlug: "acme",
      name: "Acme",
      email: "b@acme.test",
      customerId: "cus_other",
      plan: "starter" as const,
      subscriptionId: null,
    };
    const checkout = port.createCheckoutSession({
      tenant,
      plan: "pro",
      priceId: "price_pro",
      successUrl: "https://app/ok",
      cancelUrl: "https://app/no",
      replacesSubscriptionId: null,
      attemptKey: "click-0101",
    });
    await expect(checkout).rejects.toMatchObject({ name: "BillingError", code: "resource_missing", field: "customer" });
    await expect(port.createPortalSession({ tenant, returnUrl: "https://app/billing", attemptKey: "click-0102" })).rejects.toMatchObject({
      code: "resource_missing",
    });
    expect(fake.requests.filter((r) => r.method === "POST").length).toBe(before);
  });
});

describe("the owner's checkout in cloud mode", () => {
  async function checkout(slug: string, user: { externalId: string; email: string }) {
    const { startCheckout } = await import("../../lib/server/billing/owner-actions");
    const { systemConvex } = await import("../../lib/server/convex/gateway");
    const handle = as(world.t, user);
    const deps = {
      owner: {
        mutation: <F extends FunctionReference<"mutation">>(ref: F, args: FunctionArgs<F>) =>
          handle.mutation(ref, args) as Promise<FunctionReturnType<F>>,
      },
      system: systemConvex(world.t.url, SYSTEM_SECRET),
      port: stripeAdapter("sk_test_fake", fake.url),
      appUrl: "https://app.test",
    };
    return startCheckout(deps, slug, "pro", "cloud-click-0001");
  }

  it("records the customer Stripe says is the tenant's (metadata.tenantId), audited with the owner, then opens Checkout for it", async () => {
    const seeded = await seedTenant(world.t, { slug: "cloud-rec", plan: "starter", status: "trial", customerId: null, roles: ["owner"] });
    expect((await checkout("cloud-rec", seeded.users.owner)).url).toBe("https://checkout.stripe.test/c/pay");
    const state = await billingState(world.t, seeded.tenantId);
    expect(customers.get(state.tenant.stripeCustomerId)).toBe(seeded.tenantId);
    expect(state.audits.find((a: { action: string }) => a.action === "billing.customer.create")).toMatchObject({
      actorEmail: "owner@cloud-rec.test",
    });
    expect(fake.requests.some((r) => r.method === "GET" && r.path === `/v1/customers/${state.tenant.stripeCustomerId}`)).toBe(true);
  });

  it("records nothing and opens nothing when Stripe says the customer is another tenant's: NOT_FOUND", async () => {
    const seeded = await seedTenant(world.t, { slug: "cloud-lie", plan: "starter", status: "trial", customerId: null, roles: ["owner"] });
    customerTenantOverride = "t_someone_else";
    try {
      const sessionsBefore = calls("/v1/checkout/sessions").length;
      await expect(checkout("cloud-lie", seeded.users.owner)).rejects.toMatchObject({ name: "BillingError", code: "resource_missing" });
      expect(calls("/v1/checkout/sessions").length).toBe(sessionsBefore);
      expect((await billingState(world.t, seeded.tenantId)).tenant.stripeCustomerId).toBeUndefined();
    } finally {
      customerTenantOverride = null;
    }
  });
});

describe("invoice.created in cloud mode", () => {
  it("adds each metered line to the Stripe invoice once, through a failed attempt and two replays", async () => {
    const { tenantId } = await seedTenant(world.t, {
      slug: "cloud-inv",
      plan: "starter",
      customerId: "cus_cloud_inv",
      subscriptionId: "sub_cloud_inv",
      storageBytes: 11 * 1024 ** 3,
    });
    await recordUsage(world.t, tenantId, 6_000_000);
    const sub = subscription({ id: "sub_cloud_inv", customer: "cus_cloud_inv", plan: "starter" });
    const event = invoiceEvent("invoice.created", invoice({ customer: "cus_cloud_inv", subscription: sub, plan: "starter" }), nowS());
    const payload = JSON.stringify(event);

    invoiceItemsFail = true;
    expect((await send(deps, payload)).status).toBe(500);
    let state = await billingState(world.t, tenantId);
    expect(state.events[0]).toMatchObject({ outcome: "failed" });
    const cursor = state.accounts[0].billedThrough;

    invoiceItemsFail = false;
    expect((await send(deps, payload)).body.outcome).toBe("processed");
    expect((await send(deps, payload)).body.outcome).toBe("duplicate");
    expect((await send(deps, payload)).body.outcome).toBe("duplicate");

    const items = calls("/v1/invoiceitems").filter((r) => r.form.get("invoice") === event.data.object.id);
    const succeeded = [...new Set(items.map((r) => `${r.idempotencyKey} ${r.form.get("amount")}`))];
    expect(succeeded.sort()).toEqual([
      `tenantry-invoice-line-${event.data.object.id}-storage 10`,
      `tenantry-invoice-line-${event.data.object.id}-tokens 1000`,
    ]);
    state = await billingState(world.t, tenantId);
    expect(state.accounts[0].billedThrough).toEqual(cursor); // decided once, on the first attempt
    expect(state.events[0]).toMatchObject({ outcome: "processed" });
  });
});

describe("disagreement in cloud mode", () => {
  it("an event that loses to stored state makes Tenantry ask Stripe, and Stripe's answer is kept", async () => {
    const { tenantId } = await seedTenant(world.t, { slug: "cloud-tie", plan: "starter", customerId: "cus_cloud_tie" });
    const at = nowS() - 60;
    await send(
      deps,
      subscriptionEvent("customer.subscription.updated", { id: "sub_cloud_tie", customer: "cus_cloud_tie", plan: "pro" }, at),
    );
    stripeHas.set("sub_cloud_tie", subscription({ id: "sub_cloud_tie", customer: "cus_cloud_tie", plan: "enterprise" }));
    // Same second, different state: time cannot order them.
    await send(
      deps,
      subscriptionEvent("customer.subscription.updated", { id: "sub_cloud_tie", customer: "cus_cloud_tie", plan: "starter" }, at),
    );
    expect(fake.requests.some((r) => r.method === "GET" && r.path === "/v1/subscriptions/sub_cloud_tie")).toBe(true);
    const state = await billingState(world.t, tenantId);
    expect(state.subscriptions[0].plan).toBe("enterprise");
    expect(state.tenant.plan).toBe("enterprise");
  });

  it("in local mode the same tie keeps the stored state without asking anyone", async () => {
    const { tenantId } = await seedTenant(world.t, { slug: "local-tie", plan: "starter", customerId: "cus_local_tie" });
    const local = webhookDeps(world.t.url);
    const at = nowS() - 60;
    await send(
      local,
      subscriptionEvent("customer.subscription.updated", { id: "sub_local_tie", customer: "cus_local_tie", plan: "pro" }, at),
    );
    await send(
      local,
      subscriptionEvent("customer.subscription.updated", { id: "sub_local_tie", customer: "cus_local_tie", plan: "starter" }, at),
    );
    expect((await billingState(world.t, tenantId)).tenant.plan).toBe("pro");
  });
});
