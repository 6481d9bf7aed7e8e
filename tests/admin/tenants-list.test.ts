/**
 * The all-tenants table's server-side paging: for every sort column, order and
 * filter combination, walking the pages forward and then back yields exactly
 * the directory in the expected order, each tenant once; search matches name
 * and slug prefixes; bad parameters are refused with the field.
 */
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Doc } from "../../convex/_generated/dataModel";
import { as, call, ok, STAFF, startLocal, type Local } from "./support";

const SORTS = ["name", "plan", "agents", "cost", "status", "created", "lastActive"] as const;
const FILTERS = [{}, { status: "active" }, { plan: "pro" }, { plan: "starter", status: "active" }] as const;
const PAGE = 17;
let t: Local;
let rows: Doc<"tenantDirectory">[];

beforeAll(async () => {
  t = await startLocal("list", { demo: false });
  for (let from = 0; from < 140; from += 35)
    await t.mutation(makeFunctionReference<"mutation">("dev/bench:seedTenants"), { from, count: 35, eventsPerTenant: 6 });
  rows = await t.query((ctx) => ctx.db.query("tenantDirectory").collect());
}, 120_000);
afterAll(async () => t?.dispose());

const KEYS: Record<(typeof SORTS)[number], (r: Doc<"tenantDirectory">) => (string | number)[]> = {
  name: (r) => [r.nameKey],
  plan: (r) => [r.plan, r.nameKey],
  status: (r) => [r.status, r.nameKey],
  agents: (r) => [r.agents],
  cost: (r) => [r.month, r.monthCostMicros],
  created: (r) => [r.createdAt],
  lastActive: (r) => [r.lastActiveDay ?? ""],
};
function expectedOrder(sort: (typeof SORTS)[number], order: "asc" | "desc", f: { plan?: string; status?: string }) {
  const cmp = (a: Doc<"tenantDirectory">, b: Doc<"tenantDirectory">) => {
    const [ka, kb] = [
      [...KEYS[sort](a), a._creationTime],
      [...KEYS[sort](b), b._creationTime],
    ];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
    return 0;
  };
  const out = rows.filter((r) => (!f.plan || r.plan === f.plan) && (!f.status || r.status === f.status)).sort(cmp);
  return (order === "desc" ? out.reverse() : out).map((r) => r.tenantId);
}

describe.each(SORTS)("sorted by %s", (sort) => {
  it.each(FILTERS.flatMap((f) => (["asc", "desc"] as const).map((order) => ({ f, order }))))(
    "$order, filters $f: forward and back",
    async ({ f, order }) => {
      const staff = as(t, STAFF);
      const expected = expectedOrder(sort, order, f);
      const seen: string[] = [];
      let page = await ok(staff, "query", "admin/tenants:list", { sort, order, ...f, pageSize: PAGE });
      expect(page.total).toBe(expected.length);
      const pages = [page.rows.map((r: { tenantId: string }) => r.tenantId)];
      seen.push(...pages[0]);
      while (page.hasNext) {
        page = await ok(staff, "query", "admin/tenants:list", {
          sort,
          order,
          ...f,
          pageSize: PAGE,
          cursor: page.nextCursor,
          direction: "next",
        });
        pages.push(page.rows.map((r: { tenantId: string }) => r.tenantId));
        seen.push(...pages[pages.length - 1]);
      }
      expect(seen).toEqual(expected);
      // Back to the first page, one page at a time, through the "previous" cursors.
      for (let i = pages.length - 2; i >= 0; i--) {
        page = await ok(staff, "query", "admin/tenants:list", {
          sort,
          order,
          ...f,
          pageSize: PAGE,
          cursor: page.prevCursor,
          direction: "prev",
        });
        expect(page.rows.map((r: { tenantId: string }) => r.tenantId)).toEqual(pages[i]);
      }
      expect(page.hasPrev).toBe(false);
    },
  );
});

describe("last active", () => {
  it("is the newest day with usage, kept in the directory by recording usage, and shown on each row", async () => {
    const newest = await t.query(async (ctx) => {
      const out: Record<string, string> = {};
      for (const r of await ctx.db.query("usageRollups").collect()) if (r.day > (out[r.tenantId] ?? "")) out[r.tenantId] = r.day;
      return out;
    });
    expect(Object.keys(newest).length).toBeGreaterThan(0);
    for (const r of rows) expect(r.lastActiveDay ?? "").toBe(newest[r.tenantId] ?? "");
    const page = await ok(as(t, STAFF), "query", "admin/tenants:list", { sort: "lastActive", pageSize: 5 });
    for (const row of page.rows as { tenantId: string; lastActiveDay: string | null }[])
      expect(row.lastActiveDay).toBe(newest[row.tenantId] ?? null);
  });
});

describe("search", () => {
  it("matches name and slug prefixes, case-insensitively, with filters, in the chosen order", async () => {
    const staff = as(t, STAFF);
    const page = await ok(staff, "query", "admin/tenants:list", {
      search: "NorthWind",
      status: "active",
      sort: "cost",
      order: "desc",
      pageSize: 100,
    });
    const expected = rows.filter((r) => r.status === "active" && (r.nameKey.startsWith("northwind") || r.slug.startsWith("northwind")));
    expect(expected.length).toBeGreaterThan(2);
    expect(page.rows.map((r: { slug: string }) => r.slug).sort()).toEqual(expected.map((r) => r.slug).sort());
    const costs = page.rows.map((r: { costMicros: number }) => r.costMicros);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    const bySlug = await ok(staff, "query", "admin/tenants:list", { search: "contoso-0000" });
    expect(bySlug.rows.map((r: { slug: string }) => r.slug)).toEqual(
      rows
        .filter((r) => r.slug.startsWith("contoso-0000"))
        .map((r) => r.slug)
        .sort(),
    );
  });

  it("pages through matches by offset", async () => {
    const staff = as(t, STAFF);
    const first = await ok(staff, "query", "admin/tenants:list", { search: "n", pageSize: 3 });
    const second = await ok(staff, "query", "admin/tenants:list", { search: "n", pageSize: 3, cursor: first.nextCursor });
    expect(first.total).toBeGreaterThan(6);
    expect(second.rows.map((r: { slug: string }) => r.slug)).not.toContain(first.rows[0].slug);
    expect(second.hasPrev).toBe(true);
  });
});

describe("bad parameters are refused with the field", () => {
  it.each([
    [{ pageSize: 0 }, "pageSize"],
    [{ pageSize: 101 }, "pageSize"],
    [{ search: "x".repeat(81) }, "search"],
    [{ cursor: "not json" }, "cursor"],
    [{ cursor: JSON.stringify(["a"]) }, "cursor"],
    [{ search: "acme", cursor: "[1]" }, "cursor"],
  ])("%j", async (args, field) => {
    const o = await call(as(t, STAFF), "query", "admin/tenants:list", args);
    expect(o.ok ? "ok" : `${o.code}@${o.field}`).toBe(`INVALID@${field}`);
  });
});
