/**
 * Platform figures across deployments (issue 20, convex/platform/rollupReports.ts), with two
 * real convex-local servers: A is the control plane (and shard main), B a dedicated
 * deployment for acme. The admin overview and directory on A must be exact wherever acme
 * lives: moved to B (no double count, nothing lost), with usage recorded on B, after
 * duplicate and out-of-order reports, moved back (reverse) and moved again with the source retired.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { localUserId } from "../../lib/local/identity/directory";
import { appErrorOf } from "../../lib/domain/errors";
import { demoUsers, moveEnv, registerDedicated } from "./support/deployments";
import { runMove, startMove, startReverse, type MoveEnv } from "../../lib/server/scaling/move/runner";

const SECRET = "rollups-test-system-secret-0123456789abcdef";
const STAFF = "staff@tenantry.test";
const OWNER = "owner@acme.test";
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Figures = { calls: number; errors: number; tokens: number; costMicros: number };
const ref = (kind: "query" | "mutation" | "action", name: string) => makeFunctionReference<typeof kind>(name);

let A: ProjectBackend;
let B: ProjectBackend;
let env: MoveEnv;

async function tenantOn(t: ProjectBackend, slug = "acme") {
  return t.query(ref("query", "platform/moveData:tenant"), { secret: SECRET, slug });
}

/** What the console shows on A: the overview's figures and the directory's rows. */
async function figures() {
  const staff = A.withIdentity({ subject: localUserId(STAFF), email: STAFF, name: "Staff" });
  const o = await staff.query(ref("query", "admin/overview:get"), {});
  const list = await staff.query(ref("query", "admin/tenants:list"), { sort: "name", order: "asc", pageSize: 50 });
  return { summary: o.summary, today: o.today, trend: o.trend, topByCost: o.topByCost, topByUsage: o.topByUsage, rows: list.rows };
}

/** acme's usage per day and month-to-date counters on a deployment, from its own rows. */
async function acmeOn(t: ProjectBackend) {
  const tenant = await tenantOn(t);
  return t.run(async (ctx) => {
    const days = await ctx.db
      .query("usageDays")
      .withIndex("by_tenant_day", (q: IndexRange) => q.eq("tenantId", tenant._id))
      .collect();
    const counters = await ctx.db
      .query("tenantCounters")
      .withIndex("by_tenant", (q: IndexRange) => q.eq("tenantId", tenant._id))
      .unique();
    const byDay: Record<string, Figures> = {};
    for (const d of days)
      byDay[d.day] = {
        calls: d.total.calls,
        errors: d.total.errors,
        tokens: d.total.inputTokens + d.total.outputTokens,
        costMicros: d.total.costMicros,
      };
    return { byDay, monthTokens: counters.monthTokens as number, monthCostMicros: counters.monthCostMicros as number };
  });
}

async function pull() {
  await A.action(ref("action", "platform/rollupReports:pull"), {});
}

async function move(to: "dedicated" | "main", until: "switched" | "done" = "switched") {
  const placement = to === "dedicated" ? { kind: "dedicated", deployment: "acme" } : { kind: "shared", shard: "main" };
  const moveId = await startMove(env, {
    slug: "acme",
    to: placement as never,
    sourceUrl: to === "dedicated" ? A.url : B.url,
    targetUrl: to === "dedicated" ? B.url : A.url,
  });
  return { moveId, record: await runMove(env, moveId, until) };
}

beforeAll(async () => {
  A = await startProjectBackend("rollups-a", { secret: SECRET });
  B = await startProjectBackend("rollups-b", { secret: SECRET });
  const users = demoUsers();
  await A.mutation(ref("mutation", "dev/seed:base"), { users });
  for (let d = 2; d >= 0; d--) await A.mutation(ref("mutation", "dev/seed:usageDay"), { slug: "acme", daysAgo: d });
  await A.mutation(ref("mutation", "dev/seed:usageDay"), { slug: "globex", daysAgo: 0 });
  await registerDedicated(A.url, SECRET, B.url);
  env = moveEnv(SECRET, [A.url, B.url], { batch: 200 });
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

describe("platform figures with acme on a second deployment", () => {
  let before: Awaited<ReturnType<typeof figures>>;
  let firstMove: string;

  it("moving acme to B changes no figure on the control plane (nothing lost, nothing counted twice)", async () => {
    before = await figures();
    expect(before.summary.tokensThisMonth).toBeGreaterThan(0);
    expect(before.rows.find((r: { slug: string }) => r.slug === "acme")).toBeTruthy();
    const { moveId, record } = await move("dedicated");
    expect(record.status).toBe("switched");
    firstMove = moveId;
    await pull();
    expect(await figures()).toEqual(before);
    const status = await A.withIdentity({ subject: localUserId(STAFF), email: STAFF, name: "Staff" }).query(
      ref("query", "platform/rollupReports:status"),
      {},
    );
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({ deployment: "acme", pending: 0, lastError: null });
    expect(status[0].applied).toBeGreaterThan(0);
    expect(status[0].asOf).toBeGreaterThan(0);
  }, 300_000);

  it("a placed workspace keeps its URL name: the slug is what the control plane knows it by", async () => {
    const owner = (t: ProjectBackend) => t.withIdentity({ subject: localUserId(OWNER), email: OWNER, name: "Owner" });
    for (const t of [B, A]) {
      const refused = await owner(t)
        .mutation(ref("mutation", "portal/settings:changeSlug"), { slug: "acme", newSlug: "acme-renamed" })
        .then(
          () => null,
          (e: unknown) => appErrorOf(e),
        );
      expect(refused).toMatchObject({ code: "CONFLICT", field: "newSlug" });
    }
    expect((await tenantOn(B)).slug).toBe("acme");
  }, 60_000);

  it("usage recorded on B shows exactly in the control plane's overview after a pull", async () => {
    const b0 = await acmeOn(B);
    const f0 = await figures();
    await B.mutation(ref("mutation", "dev/bench:addEvents"), { slug: "acme", count: 40 });
    // Not before the report is folded: A's own (frozen) rows of acme do not count.
    expect(await figures()).toEqual(f0);
    await pull();
    const b1 = await acmeOn(B);
    const f1 = await figures();
    const dTokens = b1.monthTokens - b0.monthTokens;
    expect(dTokens).toBeGreaterThan(0);
    expect(f1.summary.tokensThisMonth - f0.summary.tokensThisMonth).toBe(dTokens);
    expect(f1.summary.usageCostMicros - f0.summary.usageCostMicros).toBe(b1.monthCostMicros - b0.monthCostMicros);
    let changedDays = 0;
    for (const [i, t] of f1.trend.entries()) {
      const was = b0.byDay[t.day] ?? { calls: 0, errors: 0, costMicros: 0 };
      const now = b1.byDay[t.day] ?? { calls: 0, errors: 0, costMicros: 0 };
      expect(t.calls - f0.trend[i].calls).toBe(now.calls - was.calls);
      expect(t.costMicros - f0.trend[i].costMicros).toBe(now.costMicros - was.costMicros);
      if (now.calls !== was.calls) changedDays++;
    }
    expect(changedDays).toBeGreaterThan(0);
    // A second pull finds nothing new and changes nothing.
    await pull();
    expect(await figures()).toEqual(f1);
  }, 120_000);

  it("duplicate and out-of-order reports change nothing; reports from a deployment acme is not on are dropped", async () => {
    const collect = (full: boolean) =>
      B.mutation(ref("mutation", "platform/rollupReports:collect"), {
        secret: SECRET,
        deployment: "acme",
        ack: [],
        full: full ? [{ slug: "acme", after: null }] : [],
        limit: 10,
      });
    const older = (await collect(true)).reports.find((r: { page: unknown }) => r.page);
    await B.mutation(ref("mutation", "dev/bench:addEvents"), { slug: "acme", count: 7 });
    const pending = (await collect(false)).reports;
    expect(pending.map((r: { slug: string }) => r.slug)).toEqual(["acme"]);
    const newer = pending[0];
    expect(newer.seq).toBeGreaterThan(older.seq);
    const fold = (reports: unknown[], deployment = "acme") =>
      A.mutation(ref("mutation", "platform/rollupReports:fold"), { deployment, reports: reports as never });

    expect((await fold([newer])).verdicts).toEqual(["applied"]);
    const applied = await figures();
    // The same report again, then the older one (read before the 7 events): nothing moves.
    expect((await fold([newer])).verdicts).toEqual(["applied"]);
    expect(await figures()).toEqual(applied);
    expect((await fold([{ ...older, page: null }])).verdicts).toEqual(["stale"]);
    expect((await fold([older])).verdicts).toEqual(["stale"]);
    expect(await figures()).toEqual(applied);
    // Another deployment speaking for acme (a move's target before its switch, a source after it).
    expect((await fold([{ ...newer, seq: newer.seq + 100, counters: { ...newer.counters, monthTokens: 1 } }], "shard-2")).verdicts).toEqual(
      ["elsewhere"],
    );
    // Not acknowledged: the placement keeps the entry until the control plane knows the tenant.
    expect(await fold([{ ...newer, slug: "no-such-tenant" }])).toMatchObject({ verdicts: ["unknown"], acks: [] });
    expect(await figures()).toEqual(applied);
    // The carrier's pull agrees with the hand-folded figures.
    await pull();
    expect(await figures()).toEqual(applied);
  }, 120_000);

  it("moving acme back (reverse) and out again with its source retired keeps the figures exact", async () => {
    const f0 = await figures();
    const reverseId = await startReverse(env, firstMove);
    expect((await runMove(env, reverseId)).status).toBe("switched");
    // Back on A: its own rows count again (settled against the reported days by the pull's first step).
    await pull();
    expect(await figures()).toEqual(f0);
    await A.mutation(ref("mutation", "dev/bench:addEvents"), { slug: "acme", count: 5 });
    const f1 = await figures();
    expect(f1.summary.tokensThisMonth - f0.summary.tokensThisMonth).toBe(5 * 700);

    // The reverse completed: B's copy of acme is deleted there, and B's report of it is not heard.
    expect((await runMove(env, reverseId, "done")).status).toBe("done");
    await pull();
    expect(await figures()).toEqual(f1);

    // Out again, this time completed: A's copy of acme is deleted, the figures stay.
    const { record } = await move("dedicated", "done");
    expect(record.status).toBe("done");
    expect(await figures()).toEqual(f1);
    await pull();
    expect(await figures()).toEqual(f1);
    await B.mutation(ref("mutation", "dev/bench:addEvents"), { slug: "acme", count: 3 });
    await pull();
    const f2 = await figures();
    expect(f2.summary.tokensThisMonth - f1.summary.tokensThisMonth).toBe(3 * 700);
    expect(f2.trend.reduce((n: number, d: Figures) => n + d.calls, 0) - f1.trend.reduce((n: number, d: Figures) => n + d.calls, 0)).toBe(3);
  }, 300_000);
});
