// @vitest-environment edge-runtime
import { convexTest } from "convex-test";
import migrations from "@convex-dev/migrations/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { api, internal } from "../../convex/_generated/api";
import { applyUsage } from "../../convex/lib/usage";
import { emptyBuckets } from "../../convex/lib/latency";
import { MAX_ITEMIZED } from "../../convex/lib/usageDays";
import type { ModelId } from "../../lib/domain/plans";
import { EXPORT_TABLES } from "../../convex/portal/exports";
import { TENANT_TABLES } from "../../convex/lib/tables";
import { addTenant, addUser, as, refusal, type T, type Tenant } from "./world";
import { DAY_MS as DAY } from "../../lib/domain/time";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;
let other: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  // The upgrade migrations (convex/jobs/migrations.ts) keep their cursors in the component.
  migrations.register(t, "migrations");
  acme = await addTenant(t, "acme");
  other = await addTenant(t, "other");
});
afterEach(() => vi.useRealTimers());

describe("settings", () => {
  it("saves name, billing email and budget; bad fields are named and change nothing", async () => {
    const admin = as(t, acme.users.admin);
    await admin.mutation(api.portal.settings.update, {
      slug: "acme",
      name: "  Acme Two ",
      billingEmail: "Money@Acme.test",
      monthlyBudgetCents: 123_45,
    });
    expect(await admin.query(api.portal.settings.get, { slug: "acme" })).toMatchObject({
      name: "Acme Two",
      billingEmail: "money@acme.test",
      monthlyBudgetCents: 123_45,
    });
    const cases = [
      [{ name: "A", billingEmail: "ok@acme.test", monthlyBudgetCents: null }, "name"],
      [{ name: "Fine", billingEmail: "nope", monthlyBudgetCents: null }, "billingEmail"],
      [{ name: "Fine", billingEmail: "ok@acme.test", monthlyBudgetCents: -1 }, "monthlyBudget"],
      [{ name: "Fine", billingEmail: "ok@acme.test", monthlyBudgetCents: 1.5 }, "monthlyBudget"],
    ] as const;
    for (const [args, field] of cases)
      expect(await refusal(admin.mutation(api.portal.settings.update, { slug: "acme", ...args }))).toMatchObject({
        code: "INVALID",
        field,
      });
    expect((await admin.query(api.portal.settings.get, { slug: "acme" })).name).toBe("Acme Two");
    expect(
      (
        await refusal(
          as(t, acme.users.member).mutation(api.portal.settings.update, {
            slug: "acme",
            name: "Hijack",
            billingEmail: "x@y.test",
            monthlyBudgetCents: null,
          }),
        )
      ).code,
    ).toBe("FORBIDDEN");
  });

  it("a new slug moves the workspace; the old one redirects members only and stays reserved", async () => {
    await as(t, acme.users.owner).mutation(api.portal.settings.changeSlug, { slug: "acme", newSlug: "acme-corp" });
    expect((await as(t, acme.users.viewer).query(api.account.tenants.getBySlug, { slug: "acme-corp" })).name).toBe("acme Inc");
    expect(await as(t, acme.users.viewer).query(api.portal.settings.resolveRedirect, { slug: "acme" })).toEqual({ slug: "acme-corp" });
    expect(await as(t, other.users.owner).query(api.portal.settings.resolveRedirect, { slug: "acme" })).toBeNull();
    expect(
      await refusal(as(t, other.users.owner).mutation(api.portal.settings.changeSlug, { slug: "other", newSlug: "acme" })),
    ).toMatchObject({ code: "CONFLICT", field: "newSlug" });
    expect(
      await refusal(as(t, other.users.owner).mutation(api.portal.settings.changeSlug, { slug: "other", newSlug: "acme-corp" })),
    ).toMatchObject({ code: "CONFLICT", field: "newSlug" });
    expect(
      await refusal(as(t, other.users.owner).mutation(api.portal.settings.changeSlug, { slug: "other", newSlug: "Bad Slug" })),
    ).toMatchObject({ code: "INVALID", field: "newSlug" });
    // Taking the old slug back removes its redirect.
    await as(t, acme.users.owner).mutation(api.portal.settings.changeSlug, { slug: "acme-corp", newSlug: "acme" });
    expect(await as(t, acme.users.viewer).query(api.portal.settings.resolveRedirect, { slug: "acme" })).toBeNull();
    expect(await as(t, acme.users.viewer).query(api.portal.settings.resolveRedirect, { slug: "acme-corp" })).toEqual({ slug: "acme" });
  });

  it("portal/departments: unique names, validated cost centers, removal untags agents", async () => {
    const admin = as(t, acme.users.admin);
    expect(
      await refusal(admin.mutation(api.portal.departments.create, { slug: "acme", name: "support", costCenter: "CC-9" })),
    ).toMatchObject({ code: "CONFLICT", field: "name" });
    expect(
      await refusal(admin.mutation(api.portal.departments.create, { slug: "acme", name: "Sales", costCenter: "has space" })),
    ).toMatchObject({ code: "INVALID", field: "costCenter" });
    expect((await admin.query(api.portal.departments.list, { slug: "acme" }))[0]).toMatchObject({ name: "Support", agents: 2 });
    expect(await admin.mutation(api.portal.departments.remove, { slug: "acme", departmentId: acme.departmentId })).toEqual({
      untaggedAgents: 2,
    });
    expect(await t.run(async (ctx) => (await ctx.db.get(acme.agentIds[0]))!.departmentId ?? "untagged")).toBe("untagged");
    expect((await refusal(admin.mutation(api.portal.departments.remove, { slug: "acme", departmentId: other.departmentId }))).code).toBe(
      "NOT_FOUND",
    );
  });
});

describe("usage report", () => {
  it("totals equal the rollups to the micro-dollar, and every breakdown sums to them", async () => {
    const now = Date.now();
    const usage = await addTenant(t, "metered", {
      events: ([a, b]) =>
        Array.from({ length: 40 }, (_, i) => ({
          agentId: i % 3 ? a : b,
          model: i % 3 ? "claude-haiku-4-5" : "claude-sonnet-4-5",
          inputTokens: 1000 + i * 37,
          outputTokens: 333 + i,
          latencyMs: 400,
          success: i % 9 !== 0,
          at: now - (i % 10) * DAY,
        })),
    });
    const to = new Date(now).toISOString().slice(0, 10);
    const from = new Date(now - 6 * DAY).toISOString().slice(0, 10);
    const report = await as(t, usage.users.viewer).query(api.portal.usage.report, { slug: "metered", from, to });
    const rollups = await t.run((ctx) =>
      ctx.db
        .query("usageRollups")
        .withIndex("by_tenant_day", (q) => q.eq("tenantId", usage.id).gte("day", from).lte("day", to))
        .collect(),
    );
    const sum = (xs: { costMicros: number }[]) => xs.reduce((s, x) => s + x.costMicros, 0);
    expect(report.total.costMicros).toBe(sum(rollups));
    expect(report.total.calls).toBe(28);
    for (const series of [report.days, report.models, report.agents, report.departments]) expect(sum(series)).toBe(report.total.costMicros);
    expect(report.days).toHaveLength(7);
    expect(report.agents.map((a) => a.label).sort()).toEqual(["Coder", "Helper"]);
  });

  it("reads one summary row per day: the report stands without the rollups it was built from", async () => {
    const now = Date.now();
    const usage = await addTenant(t, "summed", {
      events: ([a, b]) =>
        Array.from({ length: 30 }, (_, i) => ({
          agentId: i % 2 ? a : b,
          model: "claude-haiku-4-5",
          inputTokens: 500 + i,
          outputTokens: 100,
          latencyMs: 300,
          success: true,
          at: now - (i % 5) * DAY,
        })),
    });
    const to = new Date(now).toISOString().slice(0, 10);
    const from = new Date(now - 4 * DAY).toISOString().slice(0, 10);
    const before = await as(t, usage.users.viewer).query(api.portal.usage.report, { slug: "summed", from, to });
    expect(
      await t.run((ctx) =>
        ctx.db
          .query("usageDays")
          .withIndex("by_tenant_day", (q) => q.eq("tenantId", usage.id))
          .collect(),
      ),
    ).toHaveLength(5);
    await t.run(async (ctx) => {
      for (const r of await ctx.db
        .query("usageRollups")
        .withIndex("by_tenant_day", (q) => q.eq("tenantId", usage.id))
        .collect())
        await ctx.db.delete(r._id);
    });
    expect(await as(t, usage.users.viewer).query(api.portal.usage.report, { slug: "summed", from, to })).toEqual(before);
    expect(before.total.calls).toBe(30);
  });

  it("days recorded before the summaries existed: the backfill builds them, and a later write keeps the earlier usage", async () => {
    const now = Date.now();
    const today = new Date(now).toISOString().slice(0, 10);
    const yesterday = new Date(now - DAY).toISOString().slice(0, 10);
    const [agentId] = acme.agentIds;
    // Rollups written the old way: no summary rows.
    await t.run(async (ctx) => {
      for (const day of [yesterday, today]) {
        await ctx.db.insert("usageRollups", {
          tenantId: acme.id,
          day,
          model: "claude-haiku-4-5",
          agentId,
          departmentId: acme.departmentId,
          calls: 10,
          errors: 1,
          inputTokens: 1000,
          outputTokens: 500,
          costMicros: 7000,
          latencySumMs: 3000,
          latencyBuckets: emptyBuckets(),
        });
      }
    });
    const report = () => as(t, acme.users.viewer).query(api.portal.usage.report, { slug: "acme", from: yesterday, to: today });
    expect((await report()).total.calls).toBe(0);
    // Today gets new usage: its summary starts from today's earlier rollups.
    await t.run((ctx) =>
      applyUsage(ctx.db, acme.id, new Map([[agentId, { _id: agentId, departmentId: acme.departmentId } as never]]), [
        { agentId, model: "claude-haiku-4-5", inputTokens: 10, outputTokens: 5, latencyMs: 100, success: true, at: now },
      ]),
    );
    expect((await report()).days.map((d) => d.calls)).toEqual([0, 11]);
    // The upgrade migration walks every rollup batch and builds yesterday; running it twice changes nothing.
    vi.useFakeTimers();
    for (let round = 0; round < 2; round++) {
      await t.mutation(internal.jobs.migrations.run, {});
      await t.finishAllScheduledFunctions(vi.runAllTimers);
    }
    expect(await t.query(internal.jobs.migrations.status, {})).toEqual([
      expect.objectContaining({ name: "jobs/migrations:usageDays", isDone: true, processed: 2 }),
      expect.objectContaining({ name: "jobs/migrations:platformStats", isDone: true }),
      expect.objectContaining({ name: "jobs/migrations:clearRateBuckets", isDone: true, processed: 0 }),
      // Tenants made today are placed at creation: the placement migration visits them and changes nothing.
      expect.objectContaining({ name: "jobs/migrations:placement", isDone: true, processed: 2 }),
      expect.objectContaining({ name: "workspace/migrations:embeddingsToTable", isDone: true, processed: 0 }),
      expect.objectContaining({ name: "workspace/migrations:vectorTenant", isDone: true }),
    ]);
    const after = await report();
    expect(after.days.map((d) => d.calls)).toEqual([10, 11]);
    expect(after.days[0].costMicros).toBe(7000);
    // A second batch the same day adds to the existing row.
    await t.run((ctx) =>
      applyUsage(ctx.db, acme.id, new Map([[agentId, { _id: agentId, departmentId: acme.departmentId } as never]]), [
        { agentId, model: "gpt-4o", inputTokens: 20, outputTokens: 5, latencyMs: 100, success: false, at: now },
      ]),
    );
    const later = await report();
    expect(later.days.map((d) => [d.calls, d.errors])).toEqual([
      [10, 1],
      [12, 2],
    ]);
    expect(later.models.map((m) => [m.key, m.calls]).sort()).toEqual([
      ["claude-haiku-4-5", 21],
      ["gpt-4o", 1],
    ]);
    expect(later.departments).toHaveLength(1);
  });

  it("a day with more agents than it itemizes sums the rest under Other agents, to the exact total", async () => {
    const many = Array.from({ length: MAX_ITEMIZED + 5 }, (_, i): [string, ModelId] => [`Agent ${i}`, "claude-haiku-4-5"]);
    const now = Date.now();
    const big = await addTenant(t, "big", {
      plan: "enterprise",
      agents: many,
      events: (agentIds) =>
        agentIds.map((agentId, i) => ({
          agentId,
          model: "claude-haiku-4-5" as const,
          inputTokens: 100 + i,
          outputTokens: 10,
          latencyMs: 200,
          success: true,
          at: now,
        })),
    });
    const day = new Date(now).toISOString().slice(0, 10);
    const r = await as(t, big.users.viewer).query(api.portal.usage.report, { slug: "big", from: day, to: day });
    expect(r.total.calls).toBe(MAX_ITEMIZED + 5);
    expect(r.agents).toHaveLength(MAX_ITEMIZED + 1);
    expect(r.agents.find((a) => a.key === "other")).toMatchObject({ label: `Other agents (beyond ${MAX_ITEMIZED} in a day)`, calls: 5 });
    expect(r.agents.reduce((n, a) => n + a.inputTokens, 0)).toBe(r.total.inputTokens);
  });

  it("refuses impossible periods, naming the field", async () => {
    const viewer = as(t, acme.users.viewer);
    expect(await refusal(viewer.query(api.portal.usage.report, { slug: "acme", from: "2026-02-30", to: "2026-03-01" }))).toMatchObject({
      code: "INVALID",
      field: "from",
    });
    expect(await refusal(viewer.query(api.portal.usage.report, { slug: "acme", from: "2026-03-02", to: "2026-03-01" }))).toMatchObject({
      code: "INVALID",
      field: "to",
    });
    expect(await refusal(viewer.query(api.portal.usage.report, { slug: "acme", from: "2024-01-01", to: "2026-03-01" }))).toMatchObject({
      code: "INVALID",
      field: "from",
    });
  });
});

describe("export", () => {
  it("pages through every tenant table with this tenant's rows only, secrets redacted", async () => {
    await as(t, acme.users.owner).mutation(api.portal.invitations.invites.create, {
      slug: "acme",
      email: "x@example.test",
      role: "member",
    });
    expect(EXPORT_TABLES).toEqual(expect.arrayContaining([...TENANT_TABLES]));
    const admin = as(t, acme.users.admin);
    for (const table of EXPORT_TABLES) {
      const rows: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      for (;;) {
        const page: { rows: Record<string, unknown>[]; cursor: string; isDone: boolean } = await admin.query(api.portal.exports.page, {
          slug: "acme",
          table,
          cursor,
          numItems: 2,
        });
        rows.push(...page.rows);
        if (page.isDone) break;
        cursor = page.cursor;
      }
      const truth = await t.run((ctx) => ctx.db.query(table).collect());
      const mine = truth.filter((r) => (r as { tenantId?: unknown }).tenantId === acme.id);
      expect(rows.length, table).toBe(mine.length);
      expect(
        rows.every((r) => r.tenantId === acme.id),
        table,
      ).toBe(true);
      if (table === "invitations") expect(rows[0]).not.toHaveProperty("tokenHash");
    }
    expect(
      (
        await refusal(
          as(t, acme.users.member).query(api.portal.exports.page, { slug: "acme", table: "agents", cursor: null, numItems: 10 }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(await refusal(admin.query(api.portal.exports.page, { slug: "acme", table: "users", cursor: null, numItems: 10 }))).toMatchObject(
      { code: "INVALID", field: "table" },
    );
  });
});

describe("delete and restore", () => {
  it("soft delete locks members out at once; the owner restores within the window", async () => {
    expect(
      await refusal(as(t, acme.users.owner).mutation(api.portal.lifecycle.remove, { slug: "acme", confirmSlug: "acm" })),
    ).toMatchObject({ code: "INVALID", field: "confirmSlug" });
    expect((await refusal(as(t, acme.users.admin).mutation(api.portal.lifecycle.remove, { slug: "acme", confirmSlug: "acme" }))).code).toBe(
      "FORBIDDEN",
    );
    const { hardDeleteAt } = await as(t, acme.users.owner).mutation(api.portal.lifecycle.remove, { slug: "acme", confirmSlug: "acme" });
    expect(hardDeleteAt).toBeGreaterThan(Date.now() + 29 * DAY);
    for (const role of ["owner", "member"] as const)
      expect((await refusal(as(t, acme.users[role]).query(api.account.tenants.getBySlug, { slug: "acme" }))).code).toBe("NOT_FOUND");
    expect(await as(t, acme.users.admin).query(api.portal.lifecycle.deletedForMe, {})).toEqual([]);
    expect((await as(t, acme.users.owner).query(api.portal.lifecycle.deletedForMe, {}))[0]).toMatchObject({ slug: "acme", hardDeleteAt });
    expect((await refusal(as(t, acme.users.admin).mutation(api.portal.lifecycle.restore, { slug: "acme" }))).code).toBe("NOT_FOUND");
    await as(t, acme.users.owner).mutation(api.portal.lifecycle.restore, { slug: "acme" });
    expect((await as(t, acme.users.member).query(api.account.tenants.getBySlug, { slug: "acme" })).status).toBe("active");
  });

  it("the scheduled hard delete erases every tenant row and nothing of other tenants", async () => {
    vi.useFakeTimers();
    await as(t, acme.users.owner).mutation(api.portal.lifecycle.remove, { slug: "acme", confirmSlug: "acme" });
    const before = await t.run((ctx) => ctx.db.query("agents").collect());
    vi.advanceTimersByTime(31 * DAY);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    const after = await t.run(async (ctx) => ({
      tenant: await ctx.db.get(acme.id),
      rows: (await Promise.all(EXPORT_TABLES.map((table) => ctx.db.query(table).collect())))
        .flat()
        .filter((r) => (r as { tenantId?: unknown }).tenantId === acme.id),
      agents: await ctx.db.query("agents").collect(),
    }));
    expect(after.tenant).toBeNull();
    expect(after.rows).toEqual([]);
    expect(after.agents.length).toBe(before.filter((a) => a.tenantId !== acme.id).length);
  });

  it("a restored workspace is not hard-deleted when the old job fires", async () => {
    vi.useFakeTimers();
    await as(t, acme.users.owner).mutation(api.portal.lifecycle.remove, { slug: "acme", confirmSlug: "acme" });
    await as(t, acme.users.owner).mutation(api.portal.lifecycle.restore, { slug: "acme" });
    vi.advanceTimersByTime(31 * DAY);
    await t.finishAllScheduledFunctions(vi.runAllTimers);
    expect(await t.run((ctx) => ctx.db.get(acme.id))).not.toBeNull();
  });
});

describe("onboarding", () => {
  it("creates a trial workspace with the template in one go", async () => {
    const founder = await addUser(t, "founder");
    expect(await as(t, founder).query(api.portal.onboarding.slugAvailable, { slug: "acme" })).toMatchObject({ available: false });
    expect(await as(t, founder).query(api.portal.onboarding.slugAvailable, { slug: "fresh-co" })).toEqual({
      available: true,
      reason: null,
    });
    await as(t, founder).mutation(api.portal.onboarding.create, {
      name: "Fresh Co",
      slug: "fresh-co",
      plan: "starter",
      start: { kind: "template", template: "customer-support" },
    });
    const tenant = await as(t, founder).query(api.account.tenants.getBySlug, { slug: "fresh-co" });
    expect(tenant).toMatchObject({ status: "trial", role: "owner", plan: "starter" });
    const agents = await as(t, founder).query(api.portal.agents.list, { slug: "fresh-co", paginationOpts: { numItems: 10, cursor: null } });
    expect(agents.page).toHaveLength(3);
    // Starter has no Sonnet or Opus: the template picks models the plan includes.
    expect(agents.page.every((a) => ["claude-haiku-4-5", "gpt-4o", "llama-3.1-8b"].includes(a.model))).toBe(true);
    expect(await as(t, founder).query(api.portal.conversations.recent, { slug: "fresh-co", limit: 20 })).toHaveLength(20);
    const overview = await as(t, founder).query(api.portal.overview.get, { slug: "fresh-co" });
    expect(overview.quotas.agents.used).toBe(3);
    expect(overview.monthToDate.costMicros).toBe(0);
  });

  it("a refused first agent leaves no workspace behind", async () => {
    const founder = await addUser(t, "founder");
    const refused = await refusal(
      as(t, founder).mutation(api.portal.onboarding.create, {
        name: "Half Co",
        slug: "half-co",
        plan: "starter",
        start: { kind: "agent", name: "Genius", model: "claude-opus-4-6" },
      }),
    );
    expect(refused).toMatchObject({ code: "INVALID", field: "agentModel" });
    expect(
      await t.run((ctx) =>
        ctx.db
          .query("tenants")
          .withIndex("by_slug", (q) => q.eq("slug", "half-co"))
          .first(),
      ),
    ).toBeNull();
    expect(
      await refusal(
        as(t, founder).mutation(api.portal.onboarding.create, { name: "Dup", slug: "acme", plan: "pro", start: { kind: "empty" } }),
      ),
    ).toMatchObject({ code: "CONFLICT", field: "slug" });
  });
});
