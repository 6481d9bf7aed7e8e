// @vitest-environment edge-runtime
// Issue 18: the Billing page's "your plan changes once the payment is confirmed" notice after a
// checkout must go away once the plan changed, however late the page loads. The overview query
// says whether the owner's last checkout still waits for its webhook (checkoutPending).
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { addTenant, type T, type Tenant } from "../api/world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  rateLimiter.register(t);
  acme = await addTenant(t, { slug: "acme", plan: "starter" });
});

const pending = async () =>
  (await t.withIdentity({ subject: acme.owner }).query(api.billing.account.overview, { slug: "acme" })).checkoutPending;
const startCheckout = (plan: string) =>
  t.withIdentity({ subject: acme.owner }).mutation(api.billing.account.checkoutContext, { slug: "acme", plan });

/** What the webhook records: the subscription (started at `startedAt`) and, when given, the tenant's new plan. */
async function webhook(subscriptionId: string, startedAt: number, plan?: "starter" | "pro" | "enterprise") {
  await t.run(async (ctx) => {
    await ctx.db.patch(acme.id, { stripeCustomerId: "cus_1", stripeSubscriptionId: subscriptionId, ...(plan ? { plan } : {}) });
    await ctx.db.insert("billingSubscriptions", {
      tenantId: acme.id,
      subscriptionId,
      customerId: "cus_1",
      status: "active",
      plan: plan ?? "starter",
      priceId: null,
      startedAt,
      currentPeriodStart: startedAt,
      currentPeriodEnd: startedAt + 30 * 86_400_000,
      cancelAtPeriodEnd: false,
      canceledAt: null,
      trialEnd: null,
      stateAsOf: Math.floor(startedAt / 1000),
      updatedAt: startedAt,
    });
  });
}

describe("billing.account.overview checkoutPending", () => {
  it("is null before any checkout", async () => {
    expect(await pending()).toBeNull();
  });

  it("names the chosen plan while the webhook has not landed, and is null once the plan changed", async () => {
    const before = Date.now();
    await startCheckout("pro");
    expect(await pending()).toMatchObject({ plan: "pro" });
    expect((await pending())!.since).toBeGreaterThanOrEqual(before);
    await webhook("sub_new", Date.now(), "pro");
    expect(await pending()).toBeNull();
  });

  it("stays while only an older subscription is live, or the live one is on another plan", async () => {
    // A live Starter subscription from last month; the owner checks out Pro.
    await webhook("sub_old", Date.now() - 20 * 86_400_000, "starter");
    await startCheckout("pro");
    expect(await pending()).toMatchObject({ plan: "pro" });
    // The plan field changed but the subscription is still the old one (started long before the checkout).
    await t.run((ctx) => ctx.db.patch(acme.id, { plan: "pro" }));
    expect(await pending()).toMatchObject({ plan: "pro" });
    await webhook("sub_new", Date.now(), "pro");
    expect(await pending()).toBeNull();
    // A second checkout for Enterprise is pending again until its own subscription lands.
    await startCheckout("enterprise");
    expect(await pending()).toMatchObject({ plan: "enterprise" });
  });
});
