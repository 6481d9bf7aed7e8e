/**
 * Admin actions through the real functions: each refuses bad input with the
 * field and changes nothing, does what it says (seen by the tenant's own
 * members through the portal's functions), and leaves one audit entry with
 * the actor, before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TENANT_TABLES } from "../../convex/lib/tables";
import { PLANS } from "../../lib/domain/plans";
import { as, call, ok, OWNER, STAFF, startLocal, tenantBySlug, type Local } from "./support";

let t: Local;
const admin = () => as(t, STAFF);
const member = () => as(t, "member@acme.test");
beforeAll(async () => {
  t = await startLocal("actions");
}, 120_000);
afterAll(async () => t?.dispose());

async function lastAudit(action: string) {
  const { rows } = await ok(admin(), "query", "admin/audit:list", { action });
  return rows[0];
}
const expectRefused = async (name: string, args: Record<string, unknown>, code: string, field?: string) => {
  const before = await tenantBySlug(t, "acme");
  const o = await call(admin(), "mutation", name, args as never);
  expect(o.ok ? "ok" : `${o.code}${o.field ? `@${o.field}` : ""}`).toBe(field ? `${code}@${field}` : code);
  expect(await tenantBySlug(t, "acme")).toEqual(before);
};

describe("suspend and reactivate", () => {
  it("refuses a missing reason, then suspends: members can read but not write", async () => {
    const acme = await tenantBySlug(t, "acme");
    await expectRefused("admin/actions:suspend", { tenantId: acme._id, reason: " " }, "INVALID", "reason");
    await ok(admin(), "mutation", "admin/actions:suspend", { tenantId: acme._id, reason: "Chargeback under review" });
    expect((await tenantBySlug(t, "acme")).status).toBe("suspended");
    expect(await lastAudit("tenant.suspend")).toMatchObject({
      actorEmail: STAFF,
      tenantSlug: "acme",
      before: { status: "active" },
      after: { status: "suspended", reason: "Chargeback under review" },
    });
    expect((await call(as(t, OWNER), "query", "account/tenants:getBySlug", { slug: "acme" })).ok).toBe(true);
    const write = await call(member(), "mutation", "portal/agents:create", { slug: "acme", name: "Blocked", model: "claude-haiku-4-5" });
    expect(write.ok ? "ok" : write.code).toBe("TENANT_SUSPENDED");
    await expectRefused("admin/actions:suspend", { tenantId: acme._id, reason: "again" }, "CONFLICT");
  });

  it("reactivates to active, audited, and members can write again", async () => {
    const acme = await tenantBySlug(t, "acme");
    await ok(admin(), "mutation", "admin/actions:reactivate", { tenantId: acme._id });
    expect((await tenantBySlug(t, "acme")).status).toBe("active");
    expect(await lastAudit("tenant.reactivate")).toMatchObject({
      actorEmail: STAFF,
      before: { status: "suspended" },
      after: { status: "active" },
    });
    expect(
      (await call(member(), "mutation", "portal/agents:create", { slug: "acme", name: "Allowed again", model: "claude-haiku-4-5" })).ok,
    ).toBe(true);
    await expectRefused("admin/actions:reactivate", { tenantId: acme._id }, "CONFLICT");
  });
});

describe("plan and quotas", () => {
  it("changes the plan; the tenant's own overview shows the new quotas", async () => {
    const acme = await tenantBySlug(t, "acme");
    await expectRefused("admin/actions:changePlan", { tenantId: acme._id, plan: "pro" }, "INVALID", "plan");
    await ok(admin(), "mutation", "admin/actions:changePlan", { tenantId: acme._id, plan: "enterprise" });
    const overview = await ok(as(t, OWNER), "query", "portal/overview:get", { slug: "acme" });
    expect(overview.quotas.monthlyTokens.limit).toBe(PLANS.enterprise.quotas.monthlyTokens);
    expect(overview.quotas.agents.limit).toBeNull();
    expect(await lastAudit("tenant.change_plan")).toMatchObject({
      before: { plan: "pro", quotas: { agents: 100 } },
      after: { plan: "enterprise", quotas: { agents: null } },
    });
  });

  it("refuses a downgrade below the tenant's agent count", async () => {
    const acme = await tenantBySlug(t, "acme");
    for (let i = 0; i < 3; i++)
      await ok(member(), "mutation", "portal/agents:create", { slug: "acme", name: `Extra ${i}`, model: "claude-haiku-4-5" });
    await expectRefused("admin/actions:changePlan", { tenantId: acme._id, plan: "starter" }, "INVALID", "plan");
  });

  it("validates overrides per field, then enforces them in the tenant's own mutations", async () => {
    const acme = await tenantBySlug(t, "acme");
    await expectRefused(
      "admin/actions:setQuotaOverrides",
      { tenantId: acme._id, overrides: { agents: -1 } },
      "INVALID",
      "overrides.agents",
    );
    await expectRefused(
      "admin/actions:setQuotaOverrides",
      { tenantId: acme._id, overrides: { monthlyTokens: 1.5 } },
      "INVALID",
      "overrides.monthlyTokens",
    );
    const agents = (await ok(as(t, OWNER), "query", "portal/overview:get", { slug: "acme" })).quotas.agents.used;
    await ok(admin(), "mutation", "admin/actions:setQuotaOverrides", { tenantId: acme._id, overrides: { agents, storageBytes: null } });
    const refused = await call(member(), "mutation", "portal/agents:create", {
      slug: "acme",
      name: "One too many",
      model: "claude-haiku-4-5",
    });
    expect(refused.ok ? "ok" : refused.code).toBe("QUOTA_EXCEEDED");
    expect(await lastAudit("tenant.quota_overrides")).toMatchObject({
      before: { overrides: {} },
      after: { overrides: { agents, storageBytes: null }, quotas: { agents, storageBytes: null } },
    });
  });
});

describe("delete", () => {
  it("soft-deletes (members get NOT_FOUND) and restores to the status it had", async () => {
    const umbrella = await tenantBySlug(t, "umbrella");
    await ok(admin(), "mutation", "admin/actions:softDelete", { tenantId: umbrella._id, reason: "Customer asked to close" });
    const gone = await call(as(t, "owner@umbrella.test"), "query", "account/tenants:getBySlug", { slug: "umbrella" });
    expect(gone.ok ? "ok" : gone.code).toBe("NOT_FOUND");
    await ok(admin(), "mutation", "admin/actions:restore", { tenantId: umbrella._id });
    // Umbrella was suspended: deleting and restoring does not lift a suspension.
    expect((await tenantBySlug(t, "umbrella")).status).toBe("suspended");
    expect(await lastAudit("tenant.restore")).toMatchObject({ before: { status: "deleted" }, after: { status: "suspended" } });
  });

  it("hard delete: needs a soft delete, the typed slug and (early) an audited override; then every tenant row is gone", async () => {
    const globex = await tenantBySlug(t, "globex");
    await expectRefused("admin/purge:hardDelete", { tenantId: globex._id, confirmSlug: "globex", overrideRetention: true }, "CONFLICT");
    await ok(admin(), "mutation", "admin/actions:softDelete", { tenantId: globex._id, reason: "Erasure request" });
    for (const [args, field] of [
      [{ confirmSlug: "globe", overrideRetention: true }, "confirmSlug"],
      [{ confirmSlug: "globex", overrideRetention: false }, "overrideRetention"],
    ] as const) {
      const o = await call(admin(), "mutation", "admin/purge:hardDelete", { tenantId: globex._id, ...args });
      expect(o.ok ? "ok" : `${o.code}@${o.field}`).toBe(`INVALID@${field}`);
    }
    await ok(admin(), "mutation", "admin/purge:hardDelete", { tenantId: globex._id, confirmSlug: "globex", overrideRetention: true });
    await t.finishAllScheduledFunctions();
    expect(await tenantBySlug(t, "globex")).toBeNull();
    const left = await t.query(async (ctx) => {
      const out: Record<string, number> = {};
      for (const table of TENANT_TABLES)
        out[table] = (await ctx.db.query(table).collect()).filter((r: { tenantId: string }) => r.tenantId === globex._id).length;
      out.tenantDirectory = (await ctx.db.query("tenantDirectory").collect()).filter(
        (r: { tenantId: string }) => r.tenantId === globex._id,
      ).length;
      return out;
    });
    expect(
      Object.values(left).every((n) => n === 0),
      JSON.stringify(left),
    ).toBe(true);
    // The override and the request survive the purge as platform-level entries.
    expect(await lastAudit("tenant.retention_override")).toMatchObject({ actorEmail: STAFF, target: "globex", before: { slug: "globex" } });
    expect(await lastAudit("tenant.hard_delete_requested")).toMatchObject({ actorEmail: STAFF, after: { retentionOverridden: true } });
  });
});

describe("export, view as, redelivery", () => {
  it("exports pages of the tenant's tables, audited, with invitation secrets removed", async () => {
    const { tenant, tables } = await ok(admin(), "mutation", "admin/export:start", { slug: "acme" });
    expect(tables).toContain("agents");
    const page = await ok(admin(), "query", "admin/export:page", { tenantId: tenant._id, table: "agents", cursor: null, numItems: 1000 });
    expect(page.rows.length).toBeGreaterThan(5);
    expect(page.rows.every((r: { tenantId: string }) => r.tenantId === tenant._id)).toBe(true);
    expect(await lastAudit("tenant.export")).toMatchObject({ actorEmail: STAFF, tenantSlug: "acme" });
    const bad = await call(admin(), "query", "admin/export:page", { tenantId: tenant._id, table: "users", cursor: null, numItems: 10 });
    expect(bad.ok ? "ok" : `${bad.code}@${bad.field}`).toBe("INVALID@table");
  });

  it("records a staff visit once per half hour", async () => {
    expect(await ok(admin(), "mutation", "admin/audit:recordViewAs", { slug: "initech" })).toEqual({ recorded: true });
    expect(await ok(admin(), "mutation", "admin/audit:recordViewAs", { slug: "initech" })).toEqual({ recorded: false });
    expect(await lastAudit("tenant.view_as")).toMatchObject({ actorEmail: STAFF, tenantSlug: "initech", after: { readOnly: true } });
  });
});
