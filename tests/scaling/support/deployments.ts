/**
 * What the scaling tests (move, routing, rollups) share: the demo directory seeded on a
 * deployment, a tenant's rows counted per table, a deployment registered as a tenant's
 * dedicated one (and the tenant placed there), the runner's MoveEnv over a set of deployments, and a deployment run as its
 * own convex-local process (scripts/convex-local.ts, as the local provisioner starts one) that
 * a test can kill with SIGKILL and start again on the same data and port.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { makeFunctionReference } from "convex/server";
import { PROJECT_FUNCTIONS_DIR, startProjectBackend, type ProjectBackend } from "../../support/convex-local";
import { startConvexLocal } from "../../../lib/local/convex/index";
import { DEMO_USERS, localUserId } from "../../../lib/local/identity/directory";
import { deploymentAt, type Deployment, type MoveEnv } from "../../../lib/server/scaling/move/runner";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
export const ref = (kind: "query" | "mutation", name: string) => makeFunctionReference<typeof kind>(name);

/** The demo users as dev/seed:base takes them. */
export const demoUsers = () =>
  DEMO_USERS.map((u) => ({ externalId: localUserId(u.email), email: u.email, name: u.name, platformRole: u.platformRole ?? "none" }));

type Seedable = Pick<ProjectBackend, "mutation">;

/** The demo tenants and users, and `days` days of usage for each of `slugs` (dev/seed, in-process handles only). */
export async function seedDemo(t: Seedable, opts: { days: number; slugs?: string[] }) {
  await t.mutation(ref("mutation", "dev/seed:base"), { users: demoUsers() });
  for (let d = opts.days - 1; d >= 0; d--)
    for (const slug of opts.slugs ?? ["acme"]) await t.mutation(ref("mutation", "dev/seed:usageDay"), { slug, daysAgo: d });
}

/** The tenant's id on a deployment run in this process, read from its table (ids differ between deployments). */
export async function rawId(t: Pick<ProjectBackend, "run">, slug: string): Promise<string> {
  return t.run(
    async (ctx) =>
      (
        await ctx.db
          .query("tenants")
          .withIndex("by_slug", (q: { eq(f: string, v: unknown): unknown }) => q.eq("slug", slug))
          .unique()
      )._id,
  );
}

/** The tenant's row on the deployment at `url`, found by slug (ids differ between deployments). */
export async function tenantAt(url: string, secret: string, slug = "acme") {
  return deploymentAt(url, secret).query("platform/moveData:tenant", { slug });
}

/** The tenant's rows per table on the deployment at `url` (all zero when it has no such tenant). */
export async function countsAt(url: string, secret: string, tables: string[], slug = "acme"): Promise<Record<string, number>> {
  const tenant = await tenantAt(url, secret, slug);
  if (!tenant) return Object.fromEntries(tables.map((x) => [x, 0]));
  return deploymentAt(url, secret).query("platform/moveData:counts", { tenantId: tenant._id, tables });
}

/** Registers `url` on the control plane as the dedicated deployment of `slug` (named after it unless `name` is given). */
export async function registerDedicated(controlUrl: string, secret: string, url: string, slug = "acme", name = slug) {
  const control = deploymentAt(controlUrl, secret);
  const tenant = await control.query("platform/moveData:tenant", { slug });
  await control.mutation("platform/registry:registerDeployment", {
    name,
    kind: "dedicated",
    url,
    provider: "local",
    dedicatedTo: tenant._id,
    status: "ready",
  });
  return tenant._id as string;
}

/**
 * Places `slug` on the deployment at `url` in the registry without moving anything: the routing
 * tests seed both deployments themselves and only need the control plane to point there.
 */
export async function placeDedicated(controlUrl: string, secret: string, url: string, slug = "acme", name = slug) {
  const tenantId = await registerDedicated(controlUrl, secret, url, slug, name);
  const control = deploymentAt(controlUrl, secret);
  const { version } = await control.query("platform/registry:placement", { tenantId });
  await control.mutation("platform/registry:setPlacement", {
    tenantId,
    placement: { kind: "dedicated", deployment: name },
    expectedVersion: version,
  });
}

/**
 * A move test's two in-process deployments: A (the control plane, seeded with the demo data) and B,
 * registered as acme's dedicated target, with the runner's env over both (batches of 100).
 * `prepare` runs after the seed and before B is registered. The caller disposes of A and B.
 */
export async function startMovePair(
  label: string,
  secret: string,
  opts: { days: number; prepare?: (A: ProjectBackend, B: ProjectBackend) => Promise<void> },
): Promise<{ A: ProjectBackend; B: ProjectBackend; env: MoveEnv }> {
  const A = await startProjectBackend(`${label}-a`, { secret });
  const B = await startProjectBackend(`${label}-b`, { secret });
  await seedDemo(A, { days: opts.days });
  await opts.prepare?.(A, B);
  await registerDedicated(A.url, secret, B.url);
  return { A, B, env: moveEnv(secret, [A.url, B.url], { batch: 100 }) };
}

/** The runner's view of the deployments at `urls` (the first is the control plane), called with the system secret. */
export function moveEnv(secret: string, urls: string[], extra: Omit<MoveEnv, "control" | "at"> = {}): MoveEnv {
  const deps = new Map<string, Deployment>(urls.map((u) => [u, deploymentAt(u, secret)]));
  return {
    control: deps.get(urls[0]) as Deployment,
    at: (url) => {
      const d = deps.get(url);
      if (!d) throw new Error(`no test deployment at ${url}`);
      return d;
    },
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export type DeploymentProcess = {
  url: string;
  dataDir: string;
  /** Starts (or starts again, on the same data and port) and resolves once the deployment says it is ready. */
  start(): Promise<void>;
  /** kill -9: no shutdown of any kind. */
  kill(): void;
  /** Kills it if running and removes its data. */
  dispose(): Promise<void>;
};

/**
 * A deployment as its own process. `seed` runs first, in this process, on the same data dir
 * (dev/seed is internal: only an in-process handle can call it), before the process starts.
 */
export async function deploymentProcess(label: string, secret: string, seed?: (t: Seedable) => Promise<void>): Promise<DeploymentProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  if (seed) {
    const t = await startConvexLocal({ dataDir, port: 0, functionsDir: PROJECT_FUNCTIONS_DIR, env: { TENANTRY_SYSTEM_SECRET: secret } });
    try {
      await seed(t);
    } finally {
      await t.close();
    }
  }
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<unknown> = Promise.resolve();
  const start = async () => {
    await exited; // a killed process's port is free again once it is gone
    const proc = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(ROOT, "scripts", "convex-local.ts"),
        ...["--port", String(port), "--host", "127.0.0.1", "--data-dir", dataDir, "--functions", PROJECT_FUNCTIONS_DIR, "--no-watch"],
      ],
      { cwd: ROOT, env: { ...process.env, TENANTRY_SYSTEM_SECRET: secret }, stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    exited = new Promise((r) => proc.once("exit", r));
    let output = "";
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label} did not start:\n${output.slice(-2000)}`)), 90_000);
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
        if (!output.includes("[convex-local] ready:")) reject(new Error(`${label} exited (${code ?? signal}):\n${output.slice(-2000)}`));
      });
    });
  };
  const kill = () => {
    child?.kill("SIGKILL");
    child = null;
  };
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    start,
    kill,
    dispose: async () => {
      kill();
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
