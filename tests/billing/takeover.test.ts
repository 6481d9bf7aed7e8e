// Issue 12's critical finding, replayed against the real parts: convex-local with the real convex/ folder, the owner
// flow the billing routes run (lib/server/billing/owner-actions.ts), the system client with the secret, and the simulator.
// A tenant owner must not reach another tenant's Stripe customer or subscription by naming its id, in any step.
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import { makeFunctionReference } from "convex/server";
import { as, billingEnv, billingState, scratchDir, seedTenant, startWorld, type Seeded, type World, ownerDeps } from "./support/world";

const dataDir = scratchDir("takeover");
billingEnv(dataDir, { APP_URL: "http://127.0.0.1:9" });

const GLOBEX_CUSTOMER = "cus_demo_globex_t";
const GLOBEX_SUB = "sub_demo_globex_t";

let world: World;
let globex: Seeded;
let evil: Seeded;

const depsFor = (user: { externalId: string; email: string }) => ownerDeps(world.t, user, "http://127.0.0.1:9");

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string; data?: { code?: string; message?: string } };
  }
  throw new Error("expected a refusal");
}

const simulator = async () => (await import("../../lib/server/billing")).simulatorStore()!;
const portalId = (url: string) => url.split("/").pop()!;

beforeAll(async () => {
  world = await startWorld(dataDir);
  process.env.CONVEX_LOCAL_URL = world.t.url;
  globex = await seedTenant(world.t, {
    slug: "globex-t",
    plan: "starter",
    customerId: GLOBEX_CUSTOMER,
    subscriptionId: GLOBEX_SUB,
    roles: ["owner", "admin"],
  });
  evil = await seedTenant(world.t, { slug: "evil-corp-t", plan: "starter", status: "trial", customerId: null, roles: ["owner"] });
  // Globex has used its portal once: the simulator's account holds its customer (metadata.tenantId = globex) and subscription.
  const { openPortal } = await import("../../lib/server/billing/owner-actions");
  await openPortal(await depsFor(globex.users.owner), "globex-t", "globex-attempt-1");
});
afterAll(() => world.dispose());

describe("recording a customer", () => {
  it("billing/account:attachCustomer is gone: an owner cannot record another tenant's customer id, and nothing changes", async () => {
    const globexBefore = await billingState(world.t, globex.tenantId);
    const attach = makeFunctionReference<"mutation">("billing/account:attachCustomer");
    await expect(as(world.t, evil.users.owner).mutation(attach, { slug: "evil-corp-t", customerId: GLOBEX_CUSTOMER })).rejects.toThrow();
    const record = makeFunctionReference<"mutation">("billing/account:recordCustomer");
    const refused = await rejection(
      as(world.t, evil.users.owner).mutation(record, {
        secret: "guessed-secret-guessed-secret",
        tenantId: evil.tenantId,
        actorId: evil.users.owner.id,
        customerId: GLOBEX_CUSTOMER,
      }),
    );
    expect(refused.data?.code).toBe("UNAUTHENTICATED");
    expect((await billingState(world.t, evil.tenantId)).tenant.stripeCustomerId).toBeUndefined();
    expect(await billingState(world.t, globex.tenantId)).toEqual(globexBefore);
  });

  it("the browser is never handed a Stripe id (an admin who leaves takes none along)", async () => {
    for (const user of [globex.users.owner, globex.users.admin]) {
      const overview = await as(world.t, user).query(makeFunctionReference<"query">("billing/account:overview"), { slug: "globex-t" });
      expect(overview.hasCustomer).toBe(true);
      expect(JSON.stringify(overview)).not.toMatch(/cus_|sub_|in_|cs_|bps_/);
    }
  });

  it("checkout makes the owner's own customer, checked with the simulator and recorded by the server, audited with the owner's name", async () => {
    const { startCheckout } = await import("../../lib/server/billing/owner-actions");
    const { url } = await startCheckout(await depsFor(evil.users.owner), "evil-corp-t", "pro", "evil-attempt-1");
    expect(url).toMatch(/\/checkout\/cs_test_\w+$/);
    const state = await billingState(world.t, evil.tenantId);
    const customerId = state.tenant.stripeCustomerId as string;
    expect(customerId).toMatch(/^cus_\w+$/);
    expect(customerId).not.toBe(GLOBEX_CUSTOMER);
    expect((await (await simulator()).read((s) => s.customers[customerId])).metadata.tenantId).toBe(evil.tenantId);
    const audit = state.audits.find((a: { action: string }) => a.action === "billing.customer.create");
    expect(audit).toMatchObject({ actorEmail: "owner@evil-corp-t.test", actorId: evil.users.owner.id, after: { customerId } });
  });
});

describe("a record that names another tenant's customer (as the attack left it)", () => {
  it("opens no portal and no checkout for it: NOT_FOUND, and globex's account is untouched", async () => {
    const { openPortal, startCheckout } = await import("../../lib/server/billing/owner-actions");
    const { billingErrorResponse } = await import("../../lib/server/billing/http");
    const poisoned = await seedTenant(world.t, { slug: "poisoned-t", plan: "starter", customerId: GLOBEX_CUSTOMER, roles: ["owner"] });
    const store = await simulator();
    const before = await store.read((s) => JSON.stringify(s));
    const globexBefore = await billingState(world.t, globex.tenantId);
    const deps = await depsFor(poisoned.users.owner);
    for (const attempt of [
      openPortal(deps, "poisoned-t", "poisoned-attempt-1"),
      startCheckout(deps, "poisoned-t", "pro", "poisoned-attempt-2"),
    ]) {
      const error = await rejection(attempt);
      expect(error).toMatchObject({ name: "BillingError", code: "resource_missing" });
      expect(billingErrorResponse(error, "test").status).toBe(404);
    }
    expect(await store.read((s) => JSON.stringify(s))).toBe(before);
    expect(await billingState(world.t, globex.tenantId)).toEqual(globexBefore);
  });
});

describe("Stripe events for a customer that two tenants name", () => {
  it("reach neither tenant, while a customer only one tenant holds still reaches it", async () => {
    const { tenantForCustomer } = await import("../../convex/lib/billing/records");
    const holderOf = (customerId: string) =>
      world.t.run(async (ctx) => (await tenantForCustomer(ctx.db as never, customerId, null))?._id ?? null);
    const own = await seedTenant(world.t, { slug: "solo-customer-t", plan: "starter", customerId: "cus_solo_t", roles: ["owner"] });
    expect(await holderOf("cus_solo_t")).toBe(own.tenantId);
    await seedTenant(world.t, { slug: "poisoned-twin-t", plan: "starter", customerId: "cus_solo_t", roles: ["owner"] });
    expect(await holderOf("cus_solo_t")).toBeNull();
  });
});

describe("the portal stand-in", () => {
  it("changes only its own customer's subscriptions: another customer's is answered like a missing one, and stays as it was", async () => {
    const { openPortal } = await import("../../lib/server/billing/owner-actions");
    const { setCancelAtPeriodEnd } = await import("../../lib/local/billing-simulator/operations");
    const { billingErrorResponse } = await import("../../lib/server/billing/http");
    const store = await simulator();
    const { url } = await openPortal(await depsFor(evil.users.owner), "evil-corp-t", "evil-attempt-2");
    const own = portalId(url);
    const foreign = await rejection(setCancelAtPeriodEnd(store, own, GLOBEX_SUB, true));
    const missing = await rejection(setCancelAtPeriodEnd(store, own, "sub_never_existed", true));
    expect(foreign).toMatchObject({ name: "BillingError", code: "resource_missing", field: "subscription" });
    expect(missing).toMatchObject({ name: "BillingError", code: "resource_missing", field: "subscription" });
    expect(foreign.message.replace(GLOBEX_SUB, "<id>")).toBe(missing.message.replace("sub_never_existed", "<id>"));
    expect(billingErrorResponse(foreign, "test").status).toBe(404);
    expect((await store.read((s) => s.subscriptions[GLOBEX_SUB])).cancel_at_period_end).toBe(false);
  });

  it("a portal session is only opened for the tenant's own customer", async () => {
    const { createPortalSession } = await import("../../lib/local/billing-simulator/accounts");
    const store = await simulator();
    const error = await rejection(
      createPortalSession(
        store,
        { customerId: GLOBEX_CUSTOMER, tenantId: evil.tenantId, returnUrl: "http://x" },
        "http://x/{id}",
        "evil-direct-1",
      ),
    );
    expect(error).toMatchObject({ name: "BillingError", code: "resource_missing" });
  });
});

describe("lookups by a caller's string", () => {
  it.each(["__proto__", "toString", "hasOwnProperty", "constructor", "%FF"])(
    "%s is nothing, never Object.prototype's member",
    async (id) => {
      const { checkoutView, portalView } = await import("../../lib/local/billing-simulator/views");
      const { completeCheckout, setCancelAtPeriodEnd, updateCard } = await import("../../lib/local/billing-simulator/operations");
      const store = await simulator();
      expect(await checkoutView(store, id)).toBeNull();
      expect(await portalView(store, id)).toBeNull();
      const card = { number: "4242 4242 4242 4242", expiry: "12 / 34", cvc: "123" };
      for (const attempt of [
        completeCheckout(store, id, card),
        updateCard(store, id, card),
        setCancelAtPeriodEnd(store, id, GLOBEX_SUB, true),
      ]) {
        expect(await rejection(attempt)).toMatchObject({ name: "BillingError", code: "resource_missing" });
      }
      const { getBilling } = await import("../../lib/server/billing");
      expect(await getBilling().retrieveSubscription(id)).toBeNull();
      expect(await getBilling().customerOwnedBy(id, evil.tenantId)).toBe(false);
    },
  );
});
