// @vitest-environment edge-runtime
/**
 * Rules with one owner (issue 13): each caller asks the same function, so the
 * answers cannot drift apart. The old code wrote "is this model in the plan"
 * with two messages, the owner-only rule four times, the staff check twice
 * with different members, and built each new tenant by hand.
 */
import { convexTest } from "convex-test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import type { Doc } from "../../convex/_generated/dataModel";
import { isStaff as userIsStaff } from "../../convex/lib/access";
import { isStaff as sessionIsStaff } from "../../lib/server/auth/types";
import { isStaff, mayManage, PLATFORM_ROLES, ROLES, STAFF_ROLES } from "../../lib/domain/permissions";
import { MODEL_IDS, PLAN_IDS, PLANS, planAllowsModel, TRIAL_DAYS } from "../../lib/domain/plans";
import { DAY_MS } from "../../lib/domain/time";
import { addTenant, addUser, as, refusal, type T } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");

describe("pure rules", () => {
  it("mayManage: only an owner may touch the owner role; every other role is anyone's with the permission", () => {
    for (const actor of ROLES) for (const role of ROLES) expect(mayManage(actor, role)).toBe(role !== "owner" || actor === "owner");
  });

  it("planAllowsModel answers from the plan's list, for every plan and model, and refuses names that are not models", () => {
    for (const plan of PLAN_IDS) {
      for (const model of MODEL_IDS) expect(planAllowsModel(plan, model)).toBe((PLANS[plan].models as readonly string[]).includes(model));
      expect(planAllowsModel(plan, "toString")).toBe(false);
    }
  });

  it("the session's staff check and the user row's staff check agree on every platform role", () => {
    expect(PLATFORM_ROLES).toEqual(["none", ...STAFF_ROLES]);
    for (const role of PLATFORM_ROLES) {
      const user = { platformRole: role } as Doc<"users">;
      const session = { platformRole: role === "none" ? null : role };
      expect(sessionIsStaff(session)).toBe(userIsStaff(user));
      expect(userIsStaff(user, "admin")).toBe(isStaff(role, "admin"));
    }
    expect(sessionIsStaff(null)).toBe(false);
  });
});

describe("one rule behind every Convex caller", () => {
  let t: T;
  beforeEach(async () => {
    t = convexTest(schema, modules);
  });

  it("a model outside the plan is refused with the same message by agents:create and onboarding:create", async () => {
    const starter = await addTenant(t, "acme", { plan: "starter" });
    expect(planAllowsModel("starter", "claude-opus-4-6")).toBe(false);
    const fromAgents = await refusal(
      as(t, starter.users.owner).mutation(api.portal.agents.create, { slug: "acme", name: "Opus", model: "claude-opus-4-6" }),
    );
    const someone = await addUser(t, "someone");
    const fromOnboarding = await refusal(
      as(t, someone).mutation(api.portal.onboarding.create, {
        name: "New Co",
        slug: "new-co",
        plan: "starter",
        start: { kind: "agent", name: "Opus", model: "claude-opus-4-6" },
      }),
    );
    expect(fromAgents).toMatchObject({ code: "INVALID", field: "model" });
    expect(fromOnboarding).toMatchObject({ code: "INVALID", field: "agentModel" });
    expect(fromOnboarding.message).toBe(fromAgents.message);
  });

  it("account/tenants:create and onboarding:create make the same tenant: a trial of TRIAL_DAYS, shared deployment, one owner counted, audited", async () => {
    const ava = await addUser(t, "ava");
    await as(t, ava).mutation(api.account.tenants.create, { name: "Via Tenants", slug: "via-tenants", plan: "pro" });
    await as(t, ava).mutation(api.portal.onboarding.create, {
      name: "Via Wizard",
      slug: "via-wizard",
      plan: "pro",
      start: { kind: "empty" },
    });
    const made = await t.run(async (ctx) =>
      Promise.all(
        ["via-tenants", "via-wizard"].map(async (slug) => {
          const tenant = (await ctx.db
            .query("tenants")
            .withIndex("by_slug", (q) => q.eq("slug", slug))
            .unique())!;
          const members = await ctx.db
            .query("memberships")
            .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenant._id))
            .collect();
          const counters = await ctx.db
            .query("tenantCounters")
            .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
            .collect();
          const audits = (await ctx.db.query("auditLogs").collect()).filter(
            (a) => a.tenantId === tenant._id && a.action === "tenant.create",
          );
          return { tenant, members, counters, audits };
        }),
      ),
    );
    for (const { tenant, members, counters, audits } of made) {
      expect(tenant).toMatchObject({
        status: "trial",
        plan: "pro",
        placement: { kind: "shared", shard: "main" },
        placementVersion: 1,
        billingEmail: ava.email,
      });
      expect(tenant.trialEndsAt! - tenant.createdAt).toBe(TRIAL_DAYS * DAY_MS);
      expect(tenant.statusSince).toBe(tenant.createdAt);
      expect(members.map((m) => [m.userId, m.role])).toEqual([[ava.id, "owner"]]);
      expect(counters).toHaveLength(1);
      expect(counters[0].members).toBe(1);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actorId: ava.id, actorEmail: ava.email });
    }
  });
});
