// `tenantry export --tenant` then `tenantry import` into a new tenant through the admin API handlers on
// convex-local: agents and departments come back exactly (ids remapped), usage history gives the
// same Usage page, a dry run writes nothing, and re-running changes nothing.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, ok, OWNER, startLocal, tenantBySlug, type Local } from "../admin/support";
import { cli, TOKENS } from "./harness";

let t: Local;
let tenantry: ReturnType<typeof cli>;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-migrate-")), "acme-migration.json");

beforeAll(async () => {
  t = await startLocal("cli-migrate", { usageDays: 4 });
  tenantry = cli(t);
}, 120_000);
afterAll(async () => t?.dispose());

/** Departments and agents as people see them (names, not ids). */
async function structure(slug: string) {
  const tenant = await tenantBySlug(t, slug);
  return t.query(async (ctx) => {
    const departments = (await ctx.db.query("departments").collect()).filter((d: { tenantId: string }) => d.tenantId === tenant._id);
    const name = new Map(departments.map((d: { _id: string; name: string }) => [d._id, d.name]));
    const agents = (await ctx.db.query("agents").collect()).filter((a: { tenantId: string }) => a.tenantId === tenant._id);
    return {
      departments: departments.map((d: { name: string; costCenter: string }) => `${d.name}|${d.costCenter}`).sort(),
      agents: agents
        .map((a: { name: string; model: string; status: string; departmentId?: string; metadata?: Record<string, string> }) => {
          const { migratedFrom, ...metadata } = a.metadata ?? {};
          void migratedFrom;
          return `${a.name}|${a.model}|${a.status}|${a.departmentId ? name.get(a.departmentId) : "-"}|${JSON.stringify(metadata)}`;
        })
        .sort(),
    };
  });
}

const report = async (slug: string) => {
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
  const owner = await ok(as(t, OWNER), "query", "portal/usage:report", { slug: "acme", from, to: today });
  if (slug === "acme") return owner;
  return t.query(async (ctx) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q: { eq(f: string, v: string): unknown }) => q.eq("slug", slug))
      .unique();
    const days = (await ctx.db.query("usageDays").collect()).filter((d: { tenantId: string }) => d.tenantId === tenant._id);
    return {
      total: days.reduce(
        (s: { calls: number; costMicros: number }, d: { total: { calls: number; costMicros: number } }) => ({
          calls: s.calls + d.total.calls,
          costMicros: s.costMicros + d.total.costMicros,
        }),
        { calls: 0, costMicros: 0 },
      ),
    };
  });
};

describe("export --tenant / import --tenant", () => {
  it("exports agents, departments, configuration and usage history", async () => {
    const r = await tenantry(["export", "--tenant", "acme", "--output", file, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(doc.format).toBe("tenantry-migration/v1");
    expect(doc.agents.length).toBeGreaterThan(0);
    expect(doc.usage.length).toBe(r.json().usageRows);
  });

  it("a dry run into a new tenant counts what it would create and writes nothing", async () => {
    expect(
      (
        await tenantry([
          "tenant",
          "create",
          "--name",
          "Acme EU",
          "--slug",
          "acme-eu",
          "--plan",
          "enterprise",
          "--billing-email",
          "b@acme-eu.test",
        ])
      ).code,
    ).toBe(0);
    const before = await structure("acme-eu");
    const r = await tenantry(["import", file, "--tenant", "acme-eu", "--dry-run", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(r.json()).toMatchObject({
      dryRun: true,
      agents: { created: doc.agents.length, existing: 0 },
      usage: { created: doc.usage.length, existing: 0 },
    });
    expect(await structure("acme-eu")).toEqual(before);
  });

  it("imports: agents and departments reproduced exactly, the same usage totals; re-running changes nothing", async () => {
    const r = await tenantry(["import", file, "--tenant", "acme-eu", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(await structure("acme-eu")).toEqual(await structure("acme"));
    const [src, dst] = [await report("acme"), await report("acme-eu")];
    expect(dst.total.calls).toBe(src.total.calls);
    expect(dst.total.costMicros).toBe(src.total.costMicros);
    const again = await tenantry(["import", file, "--tenant", "acme-eu", "--json"]);
    expect(again.json()).toMatchObject({
      agents: { created: 0 },
      departments: { created: 0 },
      usage: { created: 0 },
      configuration: "unchanged",
    });
    expect(await structure("acme-eu")).toEqual(await structure("acme"));
    expect((await report("acme-eu")).total).toEqual(dst.total);
  });

  it("refuses a file that is not an export (exit 1, field named) and support (403)", async () => {
    const bad = path.join(path.dirname(file), "bad.json");
    fs.writeFileSync(bad, JSON.stringify({ hello: 1 }));
    const r = await tenantry(["import", bad, "--tenant", "acme-eu", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json().error.field).toBe("file");
    const s = await tenantry(["import", file, "--tenant", "acme-eu", "--json"], TOKENS.support);
    expect(s.json().error.code).toBe("FORBIDDEN");
  });
});
