/**
 * kill -9 of the target deployment's process in the middle of a move's copy: the target runs as
 * its own convex-local process (scripts/convex-local.ts, as the local provisioner starts one),
 * is SIGKILLed after a few batches, started again on the same data and port, and the move,
 * run again, resumes to a verified switch with every row exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { PROJECT_FUNCTIONS_DIR, startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { DEMO_USERS, localUserId } from "../../lib/local/identity/directory";
import { deploymentAt, runMove, startMove, type MoveEnv, type MoveRecord } from "../../lib/server/scaling/move/runner";

const SECRET = "move-kill-system-secret-0123456789abcdef";
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TABLES = ["agents", "memberships", "usageEvents", "usageRollups", "usageDays", "tenantCounters", "departments", "apiKeys"];
const ref = (kind: "query" | "mutation", name: string) => makeFunctionReference<typeof kind>(name);

let A: ProjectBackend;
let child: ChildProcess | null = null;
let port = 0;
const dataB = fs.mkdtempSync(path.join(os.tmpdir(), "move-kill-b-"));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** The target as its own process; resolves once it says it is ready. */
function startTarget(): Promise<void> {
  const proc = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(ROOT, "scripts", "convex-local.ts"),
      ...["--port", String(port), "--host", "127.0.0.1", "--data-dir", dataB, "--functions", PROJECT_FUNCTIONS_DIR, "--no-watch"],
    ],
    { cwd: ROOT, env: { ...process.env, TENANTRY_SYSTEM_SECRET: SECRET }, stdio: ["ignore", "pipe", "pipe"] },
  );
  child = proc;
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`target did not start:\n${output.slice(-2000)}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("[convex-local] ready:")) {
        clearTimeout(timer);
        resolve();
      }
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (!output.includes("[convex-local] ready:")) reject(new Error(`target exited (${code ?? signal}):\n${output.slice(-2000)}`));
    });
  });
}

async function counts(url: string) {
  const d = deploymentAt(url, SECRET);
  const tenant = await d.query("platform/moveData:tenant", { slug: "acme" });
  return d.query("platform/moveData:counts", { tenantId: tenant._id, tables: TABLES });
}

beforeAll(async () => {
  A = await startProjectBackend("move-kill-a", { secret: SECRET });
  port = await freePort();
  await startTarget();
  const users = DEMO_USERS.map((u) => ({
    externalId: localUserId(u.email),
    email: u.email,
    name: u.name,
    platformRole: u.platformRole ?? "none",
  }));
  await A.mutation(ref("mutation", "dev/seed:base"), { users });
  for (let d = 2; d >= 0; d--) await A.mutation(ref("mutation", "dev/seed:usageDay"), { slug: "acme", daysAgo: d });
}, 180_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await A?.dispose();
  fs.rmSync(dataB, { recursive: true, force: true });
});

it("the target is killed with SIGKILL mid-copy; restarted on its data, the move resumes and switches with every row once", async () => {
  const urlB = `http://127.0.0.1:${port}`;
  const acme = await A.query(ref("query", "platform/moveData:tenant"), { secret: SECRET, slug: "acme" });
  await A.mutation(ref("mutation", "platform/registry:registerDeployment"), {
    secret: SECRET,
    name: "acme",
    kind: "dedicated",
    url: urlB,
    provider: "local",
    dedicatedTo: acme._id,
    status: "ready",
  });
  const control = deploymentAt(A.url, SECRET);
  const target = deploymentAt(urlB, SECRET);
  let killed = false;
  const env: MoveEnv = {
    control,
    at: (url) => (url === A.url ? control : target),
    batch: 100,
    onProgress: (m) => {
      if (m.phase === "copy" && m.state.batches >= 3 && !killed) {
        killed = true;
        child?.kill("SIGKILL");
      }
    },
  };
  const moveId = await startMove(env, {
    slug: "acme",
    to: { kind: "dedicated", deployment: "acme" } as never,
    sourceUrl: A.url,
    targetUrl: urlB,
  });
  await expect(runMove(env, moveId)).rejects.toThrow();
  expect(killed).toBe(true);
  const failed: MoveRecord = await control.query("platform/moves:get", { moveId });
  expect(failed).toMatchObject({ phase: "copy", status: "failed" });

  await startTarget();
  const done = await runMove({ ...env, onProgress: undefined }, moveId);
  expect(done.status).toBe("switched");
  expect(Object.values(done.state.verified ?? {}).every((t) => t.ok)).toBe(true);
  expect(await counts(urlB)).toEqual(await counts(A.url));
}, 300_000);
