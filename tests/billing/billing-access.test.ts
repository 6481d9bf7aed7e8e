// Who sees and changes billing: owners act, admins read, members and viewers get nothing, other tenants get "not found".
import { vi, describe, it, expect, beforeAll, afterAll } from "vitest";
vi.mock("server-only", () => ({}));
import { makeFunctionReference } from "convex/server";
import {
  as,
  billingEnv,
  billingState,
  recordUsage,
  scratchDir,
  seedTenant,
  startWorld,
  SYSTEM_SECRET,
  type Seeded,
  type World,
} from "./support/world";

const dataDir = scratchDir("access");
billingEnv(dataDir);

const ref = {
  overview: makeFunctionReference<"query">("billing/account:overview"),
  outbox: makeFunctionReference<"query">("billing/account:outbox"),
  checkout: makeFunctionReference<"mutation">("billing/account:checkoutContext"),
  record: makeFunctionReference<"mutation">("billing/account:recordCustomer"),
  account: makeFunctionReference<"query">("billing/account:accountOnRecord"),
  portal: makeFunctionReference<"mutation">("billing/account:portalContext"),
  staffEvents: makeFunctionReference<"query">("admin/billing:events"),
  staffAction: makeFunctionReference<"mutation">("admin/billing:simulatorAction"),
};

async function refusal(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: { code?: string; field?: string; message?: string } }).data;
    return { code: data?.code ?? "ERROR", field: data?.field, message: data?.message ?? (e as Error).message };
  }
  throw new Error("expected a refusal");
}

let world: World;
let acme: Seeded;
let globex: Seeded;
beforeAll(async () => {
  world = await startWorld(dataDir);
  acme = await seedTenant(world.t, {
    slug: "acme-b",
    plan: "pro",
    customerId: "cus_acme_b",
    subscriptionId: "sub_acme_b",
    roles: ["owner", "admin", "member", "viewer"],
  });
  globex = await seedTenant(world.t, { slug: "globex-b", plan: "starter", customerId: null, status: "trial", roles: ["owner"] });
  await recordUsage(world.t, acme.tenantId, 1_000);
});
afterAll(() => world.dispose());

describe("reading billing", () => {
  it("owners and admins see the overview; only the owner may manage", async () => {
    const owner = await as(world.t, acme.users.owner).query(ref.overview, { slug: "acme-b" });
    const admin = await as(world.t, acme.users.admin).query(ref.overview, { slug: "acme-b" });
    expect(owner).toMatchObject({ canManage: true, liveSubscription: true, tenant: { plan: "pro" }, quotas: { agents: 100 } });
    expect(admin.canManage).toBe(false);
    expect(owner.preview.lines[0]).toMatchObject({ kind: "base", amountCents: 299_00 });
  });

  it.each(["member", "viewer"])("a %s is refused (no billing data at all)", async (role) => {
    expect(await refusal(as(world.t, acme.users[role]).query(ref.overview, { slug: "acme-b" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal(as(world.t, acme.users[role]).query(ref.outbox, { slug: "acme-b" }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("another tenant's owner gets not found, like a tenant that does not exist", async () => {
    const other = await refusal(as(world.t, globex.users.owner).query(ref.overview, { slug: "acme-b" }));
    const missing = await refusal(as(world.t, globex.users.owner).query(ref.overview, { slug: "no-such-tenant" }));
    expect(other).toEqual(missing);
    expect(other.code).toBe("NOT_FOUND");
  });
});

describe("starting checkout", () => {
  it.each([
    ["a plan that does not exist", "platinum", "plan", /Choose one of the plans/],
    ["the plan it already has", "pro", "plan", /already on the Pro plan/],
  ])("refuses %s, naming the field, and changes nothing", async (_, plan, field, message) => {
    const before = await billingState(world.t, acme.tenantId);
    const error = await refusal(as(world.t, acme.users.owner).mutation(ref.checkout, { slug: "acme-b", plan }));
    expect(error).toMatchObject({ code: "INVALID", field });
    expect(error.message).toMatch(message);
    expect(await billingState(world.t, acme.tenantId)).toEqual(before);
  });

  it.each(["admin", "member", "viewer"])("refuses a %s", async (role) => {
    expect((await refusal(as(world.t, acme.users[role]).mutation(ref.checkout, { slug: "acme-b", plan: "enterprise" }))).code).toBe(
      "FORBIDDEN",
    );
  });

  it("answers the owner with a binding (tenant and acting owner) and no Stripe id; the server reads those with the system secret", async () => {
    const ctx = await as(world.t, acme.users.owner).mutation(ref.checkout, { slug: "acme-b", plan: "enterprise" });
    expect(ctx).toEqual({ tenantId: acme.tenantId, tenantSlug: "acme-b", actorId: acme.users.owner.id });
    const portal = await as(world.t, acme.users.owner).mutation(ref.portal, { slug: "acme-b" });
    expect(portal).toEqual(ctx);
    const record = await world.t.query(ref.account, { secret: SYSTEM_SECRET, tenantId: acme.tenantId, actorId: acme.users.owner.id });
    expect(record).toMatchObject({
      tenantId: acme.tenantId,
      tenantSlug: "acme-b",
      customerId: "cus_acme_b",
      plan: "pro",
      subscriptionId: "sub_acme_b",
      replacesSubscriptionId: "sub_acme_b",
    });
  });

  it("gives the Stripe ids only with the system secret, and only for an owner of the tenant", async () => {
    const args = { tenantId: acme.tenantId, actorId: acme.users.owner.id };
    expect(
      (await refusal(as(world.t, acme.users.owner).query(ref.account, { ...args, secret: "not-the-secret-not-the-secret" }))).code,
    ).toBe("UNAUTHENTICATED");
    for (const actor of [acme.users.admin, globex.users.owner]) {
      expect((await refusal(world.t.query(ref.account, { ...args, actorId: actor.id, secret: SYSTEM_SECRET }))).code).toBe("NOT_FOUND");
    }
  });

  it("is allowed while past due (billing is how the owner gets out of it)", async () => {
    await world.t.run((ctx) => ctx.db.patch(acme.tenantId, { status: "past_due" }));
    await expect(as(world.t, acme.users.owner).mutation(ref.checkout, { slug: "acme-b", plan: "enterprise" })).resolves.toBeTruthy();
    await world.t.run((ctx) => ctx.db.patch(acme.tenantId, { status: "active" }));
  });

  it("tells the owner who suspended the workspace (paying lifts only billing's suspension)", async () => {
    await world.t.run((ctx) => ctx.db.patch(acme.tenantId, { status: "suspended" }));
    expect((await as(world.t, acme.users.owner).query(ref.overview, { slug: "acme-b" })).suspendedBy).toBe("staff");
    await world.t.run((ctx) => ctx.db.insert("billingAccounts", { tenantId: acme.tenantId, billingSuspended: true, updatedAt: 0 }));
    expect((await as(world.t, acme.users.owner).query(ref.overview, { slug: "acme-b" })).suspendedBy).toBe("billing");
    await world.t.run(async (ctx) => {
      const row = await ctx.db
        .query("billingAccounts")
        .withIndex("by_tenant", (q: { eq: (f: string, v: string) => unknown }) => q.eq("tenantId", acme.tenantId))
        .unique();
      await ctx.db.delete(row._id);
      await ctx.db.patch(acme.tenantId, { status: "active" });
    });
  });
});

describe("the Stripe customer", () => {
  it("is recorded once, by the server only: a second one (a race) is answered with the first, and the audit names the owner", async () => {
    const owner = as(world.t, globex.users.owner);
    const bound = { tenantId: globex.tenantId, actorId: globex.users.owner.id };
    expect((await refusal(owner.mutation(ref.portal, { slug: "globex-b" }))).message).toMatch(/choose a plan first/);
    // A signed-in owner without the system secret records nothing.
    expect(
      (await refusal(owner.mutation(ref.record, { ...bound, customerId: "cus_first", secret: "not-the-secret-not-the-secret" }))).code,
    ).toBe("UNAUTHENTICATED");
    const record = (customerId: string, actorId = bound.actorId) =>
      world.t.mutation(ref.record, { ...bound, actorId, customerId, secret: SYSTEM_SECRET });
    expect((await refusal(record("not-a-customer"))).field).toBe("customerId");
    // Someone who is not an owner of the tenant (here: acme's owner) is answered like a missing tenant.
    expect((await refusal(record("cus_first", acme.users.owner.id))).code).toBe("NOT_FOUND");
    // A customer another tenant already has is never recorded for this one.
    expect((await refusal(record("cus_acme_b"))).code).toBe("NOT_FOUND");
    expect((await billingState(world.t, globex.tenantId)).tenant.stripeCustomerId).toBeUndefined();
    expect(await record("cus_first")).toEqual({ customerId: "cus_first" });
    expect(await record("cus_second")).toEqual({ customerId: "cus_first" });
    const state = await billingState(world.t, globex.tenantId);
    expect(state.tenant.stripeCustomerId).toBe("cus_first");
    expect(
      state.audits
        .filter((a: { action: string }) => a.action === "billing.customer.create")
        .map((a: { actorEmail: string; after: unknown }) => [a.actorEmail, a.after]),
    ).toEqual([["owner@globex-b.test", { customerId: "cus_first" }]]);
  });
});

describe("staff", () => {
  it("support reads a tenant's Stripe events but cannot run simulator controls; admins can; tenants cannot", async () => {
    const support = await world.t.run((ctx) =>
      ctx.db.insert("users", { externalId: "support-b", email: "support@b.test", name: "Support", platformRole: "support", createdAt: 0 }),
    );
    const admin = await world.t.run((ctx) =>
      ctx.db.insert("users", { externalId: "admin-b", email: "admin@b.test", name: "Admin", platformRole: "admin", createdAt: 0 }),
    );
    expect(support && admin).toBeTruthy();
    const asSupport = as(world.t, { externalId: "support-b", email: "support@b.test" });
    const asAdmin = as(world.t, { externalId: "admin-b", email: "admin@b.test" });
    expect(await asSupport.query(ref.staffEvents, { slug: "acme-b" })).toEqual([]);
    for (const limit of [0, -1, 2.5, Number.NaN, 101])
      expect(await refusal(asSupport.query(ref.staffEvents, { slug: "acme-b", limit }))).toMatchObject({ code: "INVALID", field: "limit" });
    expect((await refusal(asSupport.mutation(ref.staffAction, { slug: "acme-b", action: "end_period" }))).code).toBe("FORBIDDEN");
    expect(await asAdmin.mutation(ref.staffAction, { slug: "acme-b", action: "end_period" })).toMatchObject({
      customerId: "cus_acme_b",
      subscriptionId: "sub_acme_b",
    });
    expect((await refusal(as(world.t, acme.users.owner).query(ref.staffEvents, { slug: "acme-b" }))).code).toBe("NOT_FOUND");
    const audits = (await billingState(world.t, acme.tenantId)).audits.map((a: { action: string }) => a.action);
    expect(audits).toContain("billing.simulator.end_period");
  });
});
