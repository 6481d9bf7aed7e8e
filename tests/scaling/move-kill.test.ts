/**
 * kill -9 of either deployment at each phase of a move (issue 20's crash tests). Three
 * deployments: the control plane C (in this process), the source S (shard "s1", acme placed
 * there) and the target T (acme's dedicated deployment), S and T each its own convex-local
 * process as local mode runs them. One move of acme from S to T meets four SIGKILLs: S and then
 * T during the copy, T as the verify begins, S as the switch begins. After each,
 * the move is recorded failed in that phase; the killed process is started again on its data
 * and port and the move, run again, resumes there. It ends switched, verify passing, with every
 * row on T exactly once. (Killing the runner itself: tests/scaling/move.test.ts mid-copy,
 * move-restart.test.ts inside the switch.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { runMove, startMove, type MoveRecord } from "../../lib/server/scaling/move/runner";
import {
  countsAt,
  deploymentProcess,
  moveEnv,
  ref,
  registerDedicated,
  seedDemo,
  tenantAt,
  type DeploymentProcess,
} from "./support/deployments";

const SECRET = "move-kill-system-secret-0123456789abcdef";
const TABLES = ["agents", "memberships", "usageEvents", "usageRollups", "usageDays", "tenantCounters", "departments", "apiKeys"];

let C: ProjectBackend;
let S: DeploymentProcess;
let T: DeploymentProcess;

beforeAll(async () => {
  C = await startProjectBackend("move-kill-c", { secret: SECRET });
  await seedDemo(C, { days: 0 });
  [S, T] = await Promise.all([
    deploymentProcess("move-kill-s", SECRET, (t) => seedDemo(t, { days: 2 })),
    deploymentProcess("move-kill-t", SECRET),
  ]);
  await Promise.all([S.start(), T.start()]);
  // acme lives on shard s1 (S); the control plane knows it only as a registry row.
  await C.mutation(ref("mutation", "platform/registry:registerDeployment"), {
    secret: SECRET,
    name: "s1",
    kind: "shared",
    url: S.url,
    provider: "local",
    status: "ready",
  });
  const acme = await tenantAt(C.url, SECRET);
  const { version } = await C.query(ref("query", "platform/registry:placement"), { secret: SECRET, tenantId: acme._id });
  await C.mutation(ref("mutation", "platform/registry:setPlacement"), {
    secret: SECRET,
    tenantId: acme._id,
    placement: { kind: "shared", shard: "s1" },
    expectedVersion: version,
  });
  await registerDedicated(C.url, SECRET, T.url);
}, 240_000);

afterAll(async () => {
  await S?.dispose();
  await T?.dispose();
  await C?.dispose();
});

it("S and T are killed with SIGKILL in the copy, the verify and the switch; each time the move resumes where it stopped and ends verified, every row once", async () => {
  const before = await countsAt(S.url, SECRET, TABLES);
  expect(before.usageEvents).toBeGreaterThan(200);
  const kills: { phase: string; who: DeploymentProcess; when?: (m: MoveRecord) => boolean }[] = [
    { phase: "copy", who: S, when: (m) => m.state.batches >= 2 },
    { phase: "copy", who: T, when: (m) => m.state.batches >= 5 },
    { phase: "verify", who: T },
    { phase: "switch", who: S },
  ];
  const pending = [...kills];
  let killed: DeploymentProcess | null = null;
  const env = moveEnv(SECRET, [C.url, S.url, T.url], {
    batch: 50,
    onProgress: (m) => {
      const next = pending[0];
      if (!killed && next && m.phase === next.phase && (next.when?.(m) ?? true)) {
        pending.shift();
        killed = next.who;
        next.who.kill();
      }
    },
  });
  const moveId = await startMove(env, { slug: "acme", to: { kind: "dedicated", deployment: "acme" }, sourceUrl: S.url, targetUrl: T.url });

  const failedIn: string[] = [];
  let done: MoveRecord | null = null;
  for (let run = 0; run <= kills.length && !done; run++) {
    try {
      done = await runMove(env, moveId);
    } catch {
      const failed: MoveRecord = await env.control.query("platform/moves:get", { moveId });
      expect(failed.status).toBe("failed");
      failedIn.push(failed.phase);
      expect(killed).not.toBeNull();
      await (killed as unknown as DeploymentProcess).start();
      killed = null;
    }
  }
  expect(failedIn).toEqual(kills.map((k) => k.phase));
  expect(done?.status).toBe("switched");
  expect(Object.values(done?.state.verified ?? {}).every((t) => t.ok)).toBe(true);
  expect(await countsAt(T.url, SECRET, TABLES)).toEqual(before);
  const acme = await tenantAt(C.url, SECRET);
  const now = await C.query(ref("query", "platform/registry:placement"), { secret: SECRET, tenantId: acme._id });
  expect(now.placement).toEqual({ kind: "dedicated", deployment: "acme" });
}, 600_000);
