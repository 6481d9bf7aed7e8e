// `tenantry debug ...` and `tenant provision` end to end through the admin API handlers on
// convex-local, and the timing buffer behind slow-queries (bounded, batched, cheap).
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNER, scanPlatform, startLocal, SYSTEM_SECRET, tenantBySlug, type Local } from "../admin/support";
import { flushTimings, recordTiming, timeCall, timingBuffer } from "../../lib/server/admin-api/timings";
import { cli, TOKENS } from "./harness";

let t: Local;
let tenantry: ReturnType<typeof cli>;
const send = (entries: unknown[]) =>
  t.mutation(makeFunctionReference<"mutation">("admin/timings:record"), { secret: SYSTEM_SECRET, entries: entries as never });

beforeAll(async () => {
  t = await startLocal("cli-debug");
  tenantry = cli(t);
}, 120_000);
afterAll(async () => t?.dispose());

describe("debug user-session", () => {
  it("shows memberships, what they can open and why, claims and refused attempts", async () => {
    const acme = await tenantBySlug(t, "acme");
    await t.run(async (ctx) => {
      await ctx.db.insert("auditLogs", {
        tenantId: null,
        actorId: null,
        actorEmail: OWNER,
        action: "access.denied",
        target: "/t/globex",
        after: { slug: "globex" },
        at: Date.now() - 60_000,
        count: 3,
        lastAt: Date.now(),
      });
      await ctx.db.patch(acme._id, { status: "suspended" });
    });
    const r = await tenantry(["debug", "user-session", OWNER, "--json"], TOKENS.support);
    expect(r.code, r.stderr).toBe(0);
    const d = r.json();
    expect(d.user.email).toBe(OWNER);
    expect(d.claims).toMatchObject({ email: OWNER });
    const row = d.tenants.find((x: { slug: string }) => x.slug === "acme");
    expect(row).toMatchObject({ role: "owner", canOpen: true, canChange: false });
    expect(row.why).toContain("suspended");
    expect(d.others).toContain("404");
    expect(d.deniedAttempts[0]).toMatchObject({ count: 3, target: "/t/globex" });
    const table = await tenantry(["debug", "user-session", d.user.id]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/acme\s+│\s+suspended\s+│\s+owner\s+│\s+read only/);
    await t.run(async (ctx) => ctx.db.patch(acme._id, { status: "active" }));
  });

  it("an unknown user is NOT_FOUND (exit 1)", async () => {
    const r = await tenantry(["debug", "user-session", "nobody@nowhere.test", "--json"]);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("NOT_FOUND");
  });
});

describe("debug slow-queries", () => {
  it("aggregates buffered timings per tenant x function and lists the slowest first", async () => {
    const portal = makeFunctionReference<"query">("portal/overview:get");
    const slow = makeFunctionReference<"query">("portal/usage:report");
    for (let i = 0; i < 50; i++) recordTiming(portal, { slug: "acme" }, 3);
    for (let i = 0; i < 10; i++) recordTiming(slow, { slug: "acme" }, 150 + i);
    recordTiming(slow, { slug: "globex" }, 900);
    recordTiming(slow, { other: 1 }, 5000); // no tenant: not kept
    expect(timingBuffer().cells).toBe(3);
    expect(await flushTimings(send)).toBe(3);
    expect(timingBuffer().cells).toBe(0);
    const r = await tenantry(["debug", "slow-queries", "--tenant", "acme", "--since", "1h", "--json"], TOKENS.support);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().functions).toEqual([
      { fn: "portal/usage:report", count: 10, meanMs: 154.5, p50Ms: 200, p95Ms: 200, maxMs: 159 },
      { fn: "portal/overview:get", count: 50, meanMs: 3, p50Ms: 5, p95Ms: 5, maxMs: 3 },
    ]);
    const table = await tenantry(["debug", "slow-queries", "--tenant", "acme", "--limit", "1"]);
    expect(table.stdout).toMatch(/portal\/usage:report\s+│\s+10/);
    expect(table.stdout).not.toContain("portal/overview:get");
  });

  it("merges a second flush into the same minute's row, and prunes rows older than 7 days", async () => {
    const acme = await tenantBySlug(t, "acme");
    await t.run(async (ctx) =>
      ctx.db.insert("functionTimings", {
        tenantId: acme._id,
        fn: "old",
        minute: Date.now() - 8 * 86_400_000,
        count: 1,
        totalMs: 1,
        maxMs: 1,
        buckets: new Array(14).fill(0),
      }),
    );
    recordTiming(makeFunctionReference<"query">("portal/usage:report"), { slug: "acme" }, 150);
    await flushTimings(send);
    const rows = await t.query(async (ctx) => ctx.db.query("functionTimings").collect());
    expect(rows.some((x: { fn: string }) => x.fn === "old")).toBe(false);
    expect((await tenantry(["debug", "slow-queries", "--tenant", "acme", "--json"])).json().functions[0].count).toBe(11);
  });

  it("refuses a bad period or limit, naming the field", async () => {
    expect((await tenantry(["debug", "slow-queries", "--tenant", "acme", "--since", "yesterday", "--json"])).json().error.field).toBe(
      "since",
    );
    expect((await tenantry(["debug", "slow-queries", "--tenant", "acme", "--since", "30d", "--json"])).json().error.field).toBe("since");
    expect((await tenantry(["debug", "slow-queries", "--tenant", "acme", "--limit", "0", "--json"])).json().error.field).toBe("limit");
  });

  it("costs next to nothing per call and stays bounded (what the gateway adds to a request)", async () => {
    const ref = makeFunctionReference<"query">("portal/overview:get");
    const N = 200_000;
    const began = performance.now();
    for (let i = 0; i < N; i++) recordTiming(ref, { slug: `t${i % 100}` }, i % 40);
    const perCallUs = ((performance.now() - began) * 1000) / N;
    // A Convex call takes milliseconds; recording one takes well under a microsecond or two.
    expect(perCallUs).toBeLessThan(20);
    // timeCall hands back the caller's own promise, rejections included.
    const failing = Promise.reject(new Error("boom"));
    await expect(timeCall(ref, { slug: "acme" }, failing)).rejects.toThrow("boom");
    await flushTimings(async () => undefined);
    for (let i = 0; i < 6000; i++) recordTiming(ref, { slug: `bound${i}` }, 1);
    expect(timingBuffer().cells).toBe(5000);
    expect(timingBuffer().dropped).toBeGreaterThanOrEqual(1000);
    await flushTimings(async () => undefined);
  });
});

describe("tenant provision", () => {
  it("adds the template's agents, with sample conversations only when asked", async () => {
    const made = await tenantry([
      "tenant",
      "create",
      "--name",
      "Prov",
      "--slug",
      "prov",
      "--plan",
      "pro",
      "--billing-email",
      "b@prov.test",
    ]);
    expect(made.code, made.stderr).toBe(0);
    const r = await tenantry(["tenant", "provision", "prov", "--template", "customer-support", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ slug: "prov", agents: 3, conversations: 0 });
    const s = await tenantry(["tenant", "provision", "prov", "--template", "customer-support", "--include-sample-data"]);
    expect(s.stdout).toContain("added 3 agents and 50 sample conversations");
  });

  it("refuses an unknown template (field named) and support (403), changing nothing", async () => {
    const before = await scanPlatform(t);
    const bad = await tenantry(["tenant", "provision", "prov", "--template", "sales", "--json"]);
    expect(bad.code).toBe(1);
    expect(bad.json().error).toMatchObject({ code: "INVALID", field: "template" });
    const support = await tenantry(["tenant", "provision", "prov", "--template", "customer-support", "--json"], TOKENS.support);
    expect(support.json().error.code).toBe("FORBIDDEN");
    expect(await scanPlatform(t)).toEqual(before);
  });
});
