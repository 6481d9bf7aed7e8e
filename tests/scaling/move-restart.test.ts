/**
 * A move survives its target deployment going away mid-copy: the runner records the
 * failure on the control plane, the target comes back on the same data and port, and
 * running the move again resumes from the saved cursor to a verified switch with every
 * row exactly once. And a runner killed inside the switch, after the freeze, leaves the
 * tenant frozen on its source until the move is run again.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { PROJECT_FUNCTIONS_DIR, startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { appErrorOf } from "../../lib/domain/errors";
import { deploymentAt, runMove, startMove, type MoveEnv, type MoveRecord } from "../../lib/server/scaling/move/runner";
import { countsAt, moveEnv, ref, registerDedicated, seedDemo } from "./support/deployments";

/** Inline functions see the untyped ctx of convex-local's test handle. */
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const SECRET = "move-restart-system-secret-0123456789abcdef";
const TABLES = ["agents", "memberships", "usageEvents", "usageRollups", "usageDays", "tenantCounters", "departments"];

let A: ProjectBackend;
let B: ConvexLocalHandle | null = null;
const dataB = fs.mkdtempSync(path.join(os.tmpdir(), "move-restart-b-"));
const startB = (port: number) =>
  startConvexLocal({ dataDir: dataB, port, functionsDir: PROJECT_FUNCTIONS_DIR, env: { TENANTRY_SYSTEM_SECRET: SECRET } });

const counts = (t: ConvexLocalHandle, slug = "acme") => countsAt(t.url, SECRET, TABLES, slug);

beforeAll(async () => {
  A = await startProjectBackend("move-restart-a", { secret: SECRET });
  B = await startB(0);
  await seedDemo(A, { days: 2, slugs: ["acme", "globex"] });
}, 120_000);

// Closing two deployments and removing their data took over vitest's 60 s default once, with all of tests/scaling running at load 28.
afterAll(async () => {
  await A?.dispose();
  await B?.close();
  fs.rmSync(dataB, { recursive: true, force: true });
}, 120_000);

it("the target stops mid-copy; restarted, the move resumes from its cursor and switches with every row once", async () => {
  const urlB = (B as ConvexLocalHandle).url;
  await registerDedicated(A.url, SECRET, urlB);
  const control = deploymentAt(A.url, SECRET);
  const target = deploymentAt(urlB, SECRET);
  let stopping: Promise<void> | null = null;
  const env: MoveEnv = {
    control,
    at: (url) => (url === A.url ? control : target),
    batch: 100,
    onProgress: (m) => {
      if (m.phase === "copy" && m.state.batches === 4 && !stopping) stopping = (B as ConvexLocalHandle).close();
    },
  };
  const moveId = await startMove(env, {
    slug: "acme",
    to: { kind: "dedicated", deployment: "acme" } as never,
    sourceUrl: A.url,
    targetUrl: urlB,
  });
  await expect(runMove(env, moveId)).rejects.toThrow();
  await stopping;
  const failed: MoveRecord = await control.query("platform/moves:get", { moveId });
  expect(failed).toMatchObject({ phase: "copy", status: "failed" });
  expect(failed.state.batches).toBeGreaterThanOrEqual(4);
  expect(failed.error).toBeTruthy();

  B = await startB(Number(new URL(urlB).port));
  const started = Date.now();
  const done = await runMove({ ...env, onProgress: undefined }, moveId);
  const rows = Object.values(done.state.copied).reduce((a, b) => a + b, 0);
  console.log(
    `resumed move: ${rows} rows copied in all, ${Date.now() - started} ms from restart to switched, freeze ${done.state.freezeMs} ms`,
  );
  expect(done.status).toBe("switched");
  expect(Object.values(done.state.verified ?? {}).every((t) => t.ok)).toBe(true);
  expect(await counts(B)).toEqual(await counts(A));
}, 300_000);

it("a runner killed during the switch, after the freeze: the source stays frozen, the placement unchanged; re-run, it switches", async () => {
  const urlB = (B as ConvexLocalHandle).url;
  const globex = await A.query(ref("query", "platform/moveData:tenant"), { secret: SECRET, slug: "globex" });
  await registerDedicated(A.url, SECRET, urlB, "globex");
  const agent = await A.run(async (ctx) => {
    const owner = await ctx.db
      .query("memberships")
      .withIndex("by_tenant_role", (q: IndexRange) => q.eq("tenantId", globex._id).eq("role", "owner"))
      .first();
    await ctx.db.insert("apiKeys", {
      tenantId: globex._id,
      name: "t",
      prefix: "tnt_t",
      hash: "globex-key",
      createdBy: owner.userId,
      createdAt: 0,
    });
    return ctx.db
      .query("agents")
      .withIndex("by_tenant", (q: IndexRange) => q.eq("tenantId", globex._id))
      .first();
  });
  const record = () =>
    A.mutation(ref("mutation", "runtime/usage:record"), {
      secret: SECRET,
      keyHash: "globex-key",
      items: [{ index: 0, event: { agentId: agent._id, inputTokens: 1, outputTokens: 1, latencyMs: 1, success: true } }],
      rejected: [],
    }).catch((e) => ({ ok: false, error: appErrorOf(e) }));
  const env = moveEnv(SECRET, [A.url, urlB], { batch: 100 });
  const control = env.control;
  const moveId = await startMove(env, {
    slug: "globex",
    to: { kind: "dedicated", deployment: "globex" } as never,
    sourceUrl: A.url,
    targetUrl: urlB,
  });
  await runMove(env, moveId, "verify");
  // Writes after the verify are in the change log: the switch's drain has a batch to write, and the kill comes right after it.
  for (let i = 0; i < 3; i++) expect(await record()).toMatchObject({ ok: true });
  await expect(runMove({ ...env, crashAfterBatches: 1 }, moveId)).rejects.toThrow("runner killed");
  const killed: MoveRecord = await control.query("platform/moves:get", { moveId });
  expect(killed).toMatchObject({ phase: "switch", status: "running" });
  expect((await A.query(ref("query", "platform/registry:placement"), { secret: SECRET, tenantId: globex._id })).placement).toEqual({
    kind: "shared",
    shard: "main",
  });
  expect(await record()).toMatchObject({ ok: false, error: { code: "TENANT_MOVING" } });

  const done = await runMove(env, moveId);
  expect(done.status).toBe("switched");
  expect((await A.query(ref("query", "platform/registry:placement"), { secret: SECRET, tenantId: globex._id })).placement).toEqual({
    kind: "dedicated",
    deployment: "globex",
  });
  expect(await counts(B as ConvexLocalHandle, "globex")).toEqual(await counts(A, "globex"));
}, 300_000);
