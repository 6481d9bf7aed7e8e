/**
 * Moving a tenant between two real convex-local deployments (issue 20): acme, seeded with
 * agents, members and usage on A (which is also the control plane), goes to a dedicated
 * deployment B while a writer records usage through the runtime API's door the whole time.
 * The runner is killed mid-copy and resumed; a corrupted target row stops the verify with
 * the row named; after the switch every usage event is on B exactly once; a reverse brings
 * the tenant back to A with the writes made on B, and completing it retires B's copy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { DEMO_USERS, localUserId } from "../../lib/local/identity/directory";
import {
  MoveVerifyError,
  runMove,
  startMove,
  startReverse,
  tooLarge,
  type MoveEnv,
  type MoveRecord,
} from "../../lib/server/scaling/move/runner";
import { appErrorOf } from "../../lib/domain/errors";
import { countsAt, moveEnv, ref, registerDedicated, seedDemo } from "./support/deployments";

const SECRET = "move-test-system-secret-0123456789abcdef";
const KEY_HASH = "move-test-key-hash";
/** Inline functions see the untyped ctx of convex-local's test handle. */
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let A: ProjectBackend;
let B: ProjectBackend;
let env: MoveEnv;

async function tenantOn(t: ProjectBackend, slug = "acme") {
  return t.query(ref("query", "platform/moveData:tenant"), { secret: SECRET, slug });
}
const countsOn = (t: ProjectBackend, tables: string[]) => countsAt(t.url, SECRET, tables);
async function placement() {
  const tenant = await tenantOn(A);
  return (await A.query(ref("query", "platform/registry:placement"), { secret: SECRET, tenantId: tenant._id })).placement;
}

/** Records one usage event at a time through the API-key door, on wherever acme is placed; counts what was recorded. */
function startWriter() {
  const s = {
    ok: 0,
    okOn: new Map<string, number>(),
    moving: 0,
    stop: false,
    maxGapMs: 0,
    error: null as unknown,
    done: null as Promise<void> | null,
  };
  const agentOn = new Map<string, string>();
  s.done = (async () => {
    let last = Date.now();
    while (!s.stop) {
      const p = await placement();
      const t = p.kind === "dedicated" ? B : A;
      if (!agentOn.has(t.url)) {
        const tenant = await tenantOn(t);
        const agents = await t.run(async (ctx) =>
          ctx.db
            .query("agents")
            .withIndex("by_tenant_name", (q: IndexRange) => q.eq("tenantId", tenant._id).eq("name", "Customer Support"))
            .first(),
        );
        agentOn.set(t.url, agents._id);
      }
      try {
        const r = await t.mutation(ref("mutation", "runtime/usage:record"), {
          secret: SECRET,
          keyHash: KEY_HASH,
          items: [
            { index: 0, event: { agentId: agentOn.get(t.url) as string, inputTokens: 10, outputTokens: 5, latencyMs: 100, success: true } },
          ],
          rejected: [],
        });
        if (!r.ok) {
          if (r.error.code !== "TENANT_MOVING") throw new Error(`usage refused: ${r.error.code} ${r.error.message}`);
          s.moving++;
        } else {
          if (r.value.recorded !== 1) throw new Error(`usage not recorded: ${JSON.stringify(r.value.results)}`);
          s.ok++;
          s.okOn.set(t.url, (s.okOn.get(t.url) ?? 0) + 1);
          const now = Date.now();
          s.maxGapMs = Math.max(s.maxGapMs, now - last);
          last = now;
        }
      } catch (e) {
        if (appErrorOf(e)?.code !== "TENANT_MOVING") throw e;
        s.moving++;
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  })().catch((e) => void (s.error = e));
  return s;
}

beforeAll(async () => {
  A = await startProjectBackend("move-a", { secret: SECRET });
  B = await startProjectBackend("move-b", { secret: SECRET });
  await seedDemo(A, { days: 3 });
  const acme = await tenantOn(A);
  // A key for the writer, and no per-minute cap: the writer calls faster than the plan allows.
  await A.run(async (ctx) => {
    const owner = await ctx.db
      .query("memberships")
      .withIndex("by_tenant_role", (q: IndexRange) => q.eq("tenantId", acme._id).eq("role", "owner"))
      .first();
    const keyId = await ctx.db.insert("apiKeys", {
      tenantId: acme._id,
      name: "move test",
      prefix: "tnt_move",
      hash: KEY_HASH,
      createdBy: owner.userId,
      createdAt: Date.now(),
    });
    // Its scope binding names the key by id in a plain string (the default scope: behaviour unchanged).
    await ctx.db.insert("scopeBindings", {
      tenantId: acme._id,
      kind: "apiKey",
      subjectId: keyId,
      scope: "production:",
      updatedAt: Date.now(),
    });
    await ctx.db.patch(acme._id, { quotaOverrides: { ...(acme.quotaOverrides ?? {}), apiCallsPerMinute: null } });
    // An agent deleted after it was used: its events and usage breakdowns keep its id, pointing at nothing.
    const used = await ctx.db
      .query("usageEvents")
      .withIndex("by_tenant_at", (q: IndexRange) => q.eq("tenantId", acme._id))
      .collect();
    const writerAgent = await ctx.db
      .query("agents")
      .withIndex("by_tenant_name", (q: IndexRange) => q.eq("tenantId", acme._id).eq("name", "Customer Support"))
      .first();
    const gone = used.find((e: { agentId: string }) => e.agentId !== writerAgent._id);
    await ctx.db.delete(gone.agentId);
  });
  await registerDedicated(A.url, SECRET, B.url);
  env = moveEnv(SECRET, [A.url, B.url], { batch: 100 });
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

const TABLES = ["agents", "memberships", "usageEvents", "usageRollups", "usageDays", "tenantCounters", "apiKeys", "departments"];

describe("moving acme from shared main (A) to dedicated B and back", () => {
  let moveId: string;
  let seeded: Record<string, number>;
  let writer: ReturnType<typeof startWriter>;

  it("copies while usage keeps arriving; a runner killed mid-copy resumes", async () => {
    seeded = await countsOn(A, TABLES);
    expect(seeded.agents).toBeGreaterThan(0);
    expect(seeded.usageEvents).toBeGreaterThan(100);
    writer = startWriter();
    moveId = await startMove(env, {
      slug: "acme",
      to: { kind: "dedicated", deployment: "acme" } as never,
      sourceUrl: A.url,
      targetUrl: B.url,
    });
    await expect(runMove({ ...env, crashAfterBatches: 3 }, moveId)).rejects.toThrow("runner killed");
    const mid: MoveRecord = await env.control.query("platform/moves:get", { moveId });
    expect(mid.phase).toBe("copy");
    expect(mid.status).toBe("running");
    await runMove(env, moveId, "verify");
    const after: MoveRecord = await env.control.query("platform/moves:get", { moveId });
    expect(after.phase).toBe("switch");
    expect(Object.values(after.state.verified ?? {}).every((t) => t.ok)).toBe(true);
    expect(writer.error).toBeNull();
    expect(writer.ok).toBeGreaterThan(0);
  }, 300_000);

  it("a corrupted target row makes verify fail naming it; fixed, the move switches within the freeze budget", async () => {
    const target = await tenantOn(B);
    const agent = await B.run(async (ctx) =>
      ctx.db
        .query("agents")
        .withIndex("by_tenant_name", (q: IndexRange) => q.eq("tenantId", target._id).eq("name", "Customer Support"))
        .first(),
    );
    await B.run(async (ctx) => ctx.db.patch(agent._id, { name: "Tampered" }));
    // Back to verify (the record's phase), as an operator re-running verify would.
    const rec: MoveRecord = await env.control.query("platform/moves:get", { moveId });
    await env.control.mutation("platform/moves:save", { moveId, phase: "verify", status: "running", state: rec.state as never });
    const failure = await runMove(env, moveId).catch((e) => e);
    expect(failure).toBeInstanceOf(MoveVerifyError);
    expect((failure as MoveVerifyError).mismatches).toContainEqual(
      expect.objectContaining({ table: "agents", targetId: agent._id, problem: "differs" }),
    );
    const failed: MoveRecord = await env.control.query("platform/moves:get", { moveId });
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain(agent._id);

    await B.run(async (ctx) => ctx.db.patch(agent._id, { name: "Customer Support" }));
    const switched = await runMove(env, moveId);
    expect(switched.status).toBe("switched");
    expect(await placement()).toEqual({ kind: "dedicated", deployment: "acme" });
    console.log(
      `write freeze: ${switched.state.freezeMs} ms (runner), writer's longest gap ${writer.maxGapMs} ms, ${writer.moving} refused as TENANT_MOVING`,
    );
    expect(switched.state.freezeMs).toBeLessThanOrEqual(2000);

    // A few writes land on B, then stop and count: every recorded event exactly once.
    const okAtSwitch = writer.ok;
    while (writer.ok < okAtSwitch + 5 && !writer.error) await new Promise((r) => setTimeout(r, 50));
    writer.stop = true;
    await writer.done;
    expect(writer.error).toBeNull();
    const onB = await countsOn(B, TABLES);
    expect(onB.usageEvents).toBe(seeded.usageEvents + writer.ok);
    expect(onB.agents).toBe(seeded.agents);
    expect(onB.memberships).toBe(seeded.memberships);
    expect(onB.apiKeys).toBe(seeded.apiKeys);
    // The source is frozen: nothing landed there after the switch.
    const onA = await countsOn(A, TABLES);
    expect(onA.usageEvents).toBeLessThan(onB.usageEvents);
    // Writes on A are refused now, whichever door they come through.
    const source = await tenantOn(A);
    const agentOnA = await A.run(async (ctx) =>
      ctx.db
        .query("agents")
        .withIndex("by_tenant_name", (q: IndexRange) => q.eq("tenantId", source._id).eq("name", "Customer Support"))
        .first(),
    );
    const refused = await A.mutation(ref("mutation", "runtime/usage:record"), {
      secret: SECRET,
      keyHash: KEY_HASH,
      items: [{ index: 0, event: { agentId: agentOnA._id, inputTokens: 1, outputTokens: 1, latencyMs: 1, success: true } }],
      rejected: [],
    }).catch((e) => ({ ok: false, error: appErrorOf(e) }));
    expect(refused).toMatchObject({ ok: false, error: { code: "TENANT_MOVING" } });
  }, 300_000);

  it("ids held by convention (usage breakdown keys, a scope binding) name the target's rows; the Usage report reads the same by agent", async () => {
    const target = await tenantOn(B);
    const onB = await B.run(async (ctx) => {
      const rows = (table: string) =>
        ctx.db
          .query(table)
          .withIndex(table === "usageDays" ? "by_tenant_day" : "by_tenant", (q: IndexRange) => q.eq("tenantId", target._id))
          .collect();
      const keys = await ctx.db.query("apiKeys").collect();
      return {
        days: await rows("usageDays"),
        agents: await rows("agents"),
        keys: keys.filter((k: { tenantId: string }) => k.tenantId === target._id),
      };
    });
    const agentIds = new Set(onB.agents.map((a: { _id: string }) => a._id));
    // A deleted agent's id is kept as it was (it names nothing on either side); a live source agent's must not be.
    const source = await tenantOn(A);
    const sourceAgents = new Set<string>(
      await A.run(async (ctx) =>
        (
          await ctx.db
            .query("agents")
            .withIndex("by_tenant", (q: IndexRange) => q.eq("tenantId", source._id))
            .collect()
        ).map((a: { _id: string }) => a._id),
      ),
    );
    const keyIds = new Set(onB.keys.map((k: { _id: string }) => k._id));
    expect(onB.days.length).toBeGreaterThan(0);
    let pairs = 0;
    for (const day of onB.days) {
      for (const k of Object.keys(day.agents))
        expect(k === "other" || agentIds.has(k) || !sourceAgents.has(k), `usageDays ${day.day} agents key ${k}`).toBe(true);
      for (const k of Object.keys(day.keys ?? {})) {
        const [agent, apiKey] = k.split(":");
        expect(agentIds.has(agent) && keyIds.has(apiKey), `usageDays ${day.day} keys key ${k}`).toBe(true);
        pairs++;
      }
    }
    // The writer's calls came through the API key: today's row has a key breakdown to check.
    expect(pairs).toBeGreaterThan(0);
    const bindings = await B.run(async (ctx) =>
      ctx.db
        .query("scopeBindings")
        .withIndex("by_tenant_subject", (q: IndexRange) => q.eq("tenantId", target._id))
        .collect(),
    );
    expect(bindings.map((b: { subjectId: string }) => keyIds.has(b.subjectId))).toEqual([true]);

    // The portal's own report on each side: equal per agent name, but for the writer's agent,
    // which on B also has the events written after the switch (each 1 call).
    const today = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);
    const owner = DEMO_USERS.find((u) => u.email.startsWith("owner@acme"))!.email;
    const report = async (t: ProjectBackend) => {
      const r = await t
        .withIdentity({ subject: localUserId(owner), email: owner, name: owner })
        .query(ref("query", "portal/usage:report"), { slug: "acme", from, to: today });
      return new Map<string, { calls: number; costMicros: number; inputTokens: number }>(
        r.agents.map((a: { label: string }) => [a.label, a]),
      );
    };
    const [onA, onBReport] = [await report(A), await report(B)];
    expect([...onBReport.keys()].sort()).toEqual([...onA.keys()].sort());
    expect(onA.has("Deleted agent")).toBe(true);
    const afterSwitch = writer.okOn.get(B.url) ?? 0;
    for (const [name, a] of onA) {
      const b = onBReport.get(name)!;
      if (name === "Customer Support") expect(b.calls).toBe(a.calls + afterSwitch);
      else
        expect({ name, calls: b.calls, cost: b.costMicros, input: b.inputTokens }).toEqual({
          name,
          calls: a.calls,
          cost: a.costMicros,
          input: a.inputTokens,
        });
    }
  }, 120_000);

  it("reverse brings acme back to A with the writes made on B; completing it retires B's copy", async () => {
    const before = await countsOn(B, TABLES);
    writer = startWriter();
    const back = await startReverse(env, moveId);
    const done = await runMove(env, back, "done");
    expect(done.status).toBe("done");
    expect(await placement()).toMatchObject({ kind: "shared", shard: "main" });
    writer.stop = true;
    await writer.done;
    expect(writer.error).toBeNull();
    const fwd: MoveRecord = await env.control.query("platform/moves:get", { moveId });
    expect(fwd.status).toBe("reversed");
    // Give A's own writes (after the switch back) a moment to settle, then count.
    const onA = await countsOn(A, TABLES);
    expect(onA.usageEvents).toBe(before.usageEvents + writer.ok);
    expect(onA.agents).toBe(seeded.agents);
    const onB = await countsOn(B, TABLES);
    expect(Object.values(onB).every((n) => n === 0)).toBe(true);
    // No flag left on either deployment: their writes are back to the one read of an empty table.
    for (const t of [A, B]) expect(await t.run(async (ctx) => ctx.db.query("tenantMoveFlags").collect())).toEqual([]);
  }, 300_000);
});

it("a batch too large for one transaction is refused with Convex's limit error, which the runner knows to halve", async () => {
  const acme = await tenantOn(A);
  // Rows of a deleted source row never copied: apply only looks each id up, so 4,100 distinct ids pass the 4,096-read limit.
  const rows = Array.from({ length: 4100 }, (_, i) => ({ table: "agents", sourceId: `size-test-${i}`, doc: null }));
  const apply = (part: typeof rows) =>
    A.mutation(ref("mutation", "platform/moveData:apply"), {
      secret: SECRET,
      tenantId: acme._id,
      moveId: "size-test",
      rows: part,
      users: [],
    });
  const refused = await apply(rows).then(
    () => null,
    (e: unknown) => e,
  );
  expect(String(refused)).toMatch(/Too many reads/);
  expect(tooLarge(refused)).toBe(true);
  expect(tooLarge(new Error("Verify failed: 1 row(s) differ"))).toBe(false);
  // Halved, each part passes (and, these rows being unknown deletions, writes nothing).
  for (const part of [rows.slice(0, 2050), rows.slice(2050)])
    expect(await apply(part)).toEqual({ inserted: 0, replaced: 0, unchanged: 0, deleted: 0, missing: [] });
}, 120_000);

it("a move onto a deployment that already has the tenant's row (the control plane's registry) keeps that row's placement", async () => {
  const slug = "registry-kept";
  // The registry row on A says the tenant lives on a dedicated deployment, version 3; it has no rows of its own on A.
  await A.run(async (ctx) => {
    const acme = await ctx.db.query("tenants").first();
    const { _id, _creationTime, ...row } = acme;
    void _id;
    void _creationTime;
    await ctx.db.insert("tenants", { ...row, slug, placement: { kind: "dedicated", deployment: "registry-kept" }, placementVersion: 3 });
  });
  const registry = await tenantOn(A, slug);
  // The source's copy of the row still holds the placement it had when the tenant moved there.
  const { _id, _creationTime, ...copy } = registry;
  void _id;
  void _creationTime;
  const init = await A.mutation(ref("mutation", "platform/moveData:initTarget"), {
    secret: SECRET,
    moveId: "registry-kept-move",
    sourceTenantId: "source-tenant-id",
    tenant: { ...copy, name: "Renamed on the source", placement: { kind: "shared", shard: "main" }, placementVersion: 1 },
  });
  expect(init.tenantId).toBe(registry._id);
  const after = await tenantOn(A, slug);
  expect(after.name).toBe("Renamed on the source");
  expect(after.placement).toEqual({ kind: "dedicated", deployment: "registry-kept" });
  expect(after.placementVersion).toBe(3);
}, 60_000);
