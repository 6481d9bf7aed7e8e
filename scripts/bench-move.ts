/**
 * `npm run bench:move -- [--json] [--events N] [--rate N] [--batch N] [--data-dir DIR] [--in-process] [--overview-tenants N]`:
 * one tenant moved between two convex-local deployments by the real runner
 * (lib/server/scaling/move/runner.ts) while a writer keeps recording usage through the runtime
 * API's door (runtime/usage:record with an API key's hash, as the Next route calls it).
 *
 * Source (also the control plane): tenant "bench" with N usage events (default 1,000,000), seeded
 * as bench:cli seeds (applyUsage in mutations of 2,000). With --data-dir the seeded data is kept
 * there and each run works on a copy of it (a move changes its source). The source runs in this
 * process, with the runner. Target: a second convex-local, registered as the tenant's dedicated
 * deployment and started as local mode starts one, by the local provisioner as its own process
 * (--in-process: in this process too, so the runner and both deployments share one thread).
 *
 * The writer sends one event every 1000/--rate ms (default 20/s) to wherever the tenant is
 * placed, re-reading the placement after TENANT_MOVING (as routing does). Each event carries
 * its sequence number in latencyMs, so after the switch the target's rows are checked against
 * the acknowledged writes one by one: lost_writes (acknowledged, not on the target) and
 * duplicated_writes (on the target more than once) are exact.
 *
 * Reports rows_per_s (copy phase: rows copied / its duration; target >= 5,000), write_freeze_ms
 * (the runner's freeze to placement flipped; <= 2,000), the writer's longest gap, and the load.
 * On a shared machine the wall clock says more about the neighbours than the move, so the copy's
 * CPU time is reported too (this process and the target's, from /proc): rows_per_cpu_s.
 * The admin overview p95 over several deployments is not measured here (null). Progress goes to
 * stderr; with --json the last stdout line is one JSON object.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { seedUsage } from "./bench/seed-usage";
import { measureOverviewSpread } from "./bench/overview-spread";
import { makeFunctionReference } from "convex/server";
import { startConvexLocal, type ConvexLocalHandle } from "../lib/local/convex/index";
import { localProvisioner } from "../lib/server/scaling/provisioner-local";
import { DEMO_USERS, localUserId } from "../lib/local/identity/directory";
import { deploymentAt, runMove, startMove, type Deployment, type MoveEnv, type MoveRecord } from "../lib/server/scaling/move/runner";
import { appErrorOf } from "../lib/domain/errors";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    events: { type: "string", default: "1000000" },
    rate: { type: "string", default: "20" },
    batch: { type: "string", default: "2000" },
    "data-dir": { type: "string" },
    "in-process": { type: "boolean", default: false },
    // The second figure: the admin overview with tenants spread over 3 deployments (0 skips it).
    "overview-tenants": { type: "string", default: "3000" },
  },
});
const EVENTS = Number(values.events.replace(/[_,]/g, ""));
const RATE = Number(values.rate);
const BATCH = Number(values.batch);
const OVERVIEW_TENANTS = Number(values["overview-tenants"].replace(/[_,]/g, ""));
const SECRET = "bench-move-system-secret-0123456789abcdef";
const KEY_HASH = "bench-move-key-hash";
const SLUG = "bench";
const log = (s: string) => process.stderr.write(s);
type Range = { eq(f: string, v: unknown): Range; gte(f: string, v: unknown): Range };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mkdir = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `bench-move-${label}-`));
const start = (dataDir: string) =>
  startConvexLocal({
    dataDir,
    port: 0,
    functionsDir: path.resolve(import.meta.dirname, "..", "convex"),
    env: { TENANTRY_SYSTEM_SECRET: SECRET },
  });

/** Seeds (or reuses) the source's data: demo users, the tenant's usage, an API key for the writer. */
async function seed(dir: string) {
  const t = await start(dir);
  try {
    if (!(await t.query(async (ctx) => (await ctx.db.query("users").first()) !== null)))
      await t.mutation(makeFunctionReference<"mutation">("dev/seed:base"), {
        users: DEMO_USERS.map((u) => ({
          externalId: localUserId(u.email),
          email: u.email,
          name: u.name,
          platformRole: u.platformRole ?? "none",
        })),
      });
    await seedUsage(t, SLUG, EVENTS, log);
    await t.run(async (ctx) => {
      const tenant = await ctx.db
        .query("tenants")
        .withIndex("by_slug", (q: Range) => q.eq("slug", SLUG))
        .unique();
      if (
        await ctx.db
          .query("apiKeys")
          .withIndex("by_hash", (q: Range) => q.eq("hash", KEY_HASH))
          .first()
      )
        return;
      const user = await ctx.db.query("users").first();
      await ctx.db.insert("apiKeys", {
        tenantId: tenant._id,
        name: "bench move",
        prefix: "tnt_bmov",
        hash: KEY_HASH,
        createdBy: user._id,
        createdAt: Date.now(),
      });
      // No per-minute cap: the writer's rate is the bench's, not the plan's.
      await ctx.db.patch(tenant._id, { quotaOverrides: { ...(tenant.quotaOverrides ?? {}), apiCallsPerMinute: null } });
    });
  } finally {
    await t.close();
  }
}

/** One event at a time, to wherever the tenant is placed; every acknowledged sequence number is kept. */
function startWriter(A: Deployment, B: Deployment, control: MoveEnv["control"], controlTenantId: string) {
  const s = { acked: [] as number[], moving: 0, maxGapMs: 0, stop: false, error: null as unknown, done: null as Promise<void> | null };
  const agentOn = new Map<string, string>();
  const placed = async () =>
    (await control.query("platform/registry:placement", { tenantId: controlTenantId })).placement.kind === "dedicated" ? B : A;
  s.done = (async () => {
    let t = await placed();
    let last = Date.now();
    for (let seq = 1; !s.stop; seq++) {
      const began = Date.now();
      if (!agentOn.has(t.url)) {
        const tenant = await t.query("platform/moveData:tenant", { slug: SLUG });
        const agents = await t.query("platform/moveData:page", { tenantId: tenant._id, table: "agents", cursor: null, numItems: 100 });
        agentOn.set(t.url, agents.rows.find((r: { doc: { name: string } }) => r.doc.name === "Customer Support").sourceId);
      }
      const event = { agentId: agentOn.get(t.url)!, inputTokens: 10, outputTokens: 5, latencyMs: seq, success: true };
      let moving = false;
      try {
        const r = await t.mutation("runtime/usage:record", { keyHash: KEY_HASH, items: [{ index: 0, event }], rejected: [] });
        if (!r.ok) {
          if (r.error.code !== "TENANT_MOVING") throw new Error(`usage refused: ${r.error.code} ${r.error.message}`);
          moving = true;
        } else if (r.value.recorded !== 1) throw new Error(`usage not recorded: ${JSON.stringify(r.value.results)}`);
      } catch (e) {
        if (appErrorOf(e)?.code !== "TENANT_MOVING") throw e;
        moving = true;
      }
      if (moving) {
        s.moving++;
        t = await placed();
      } else {
        s.acked.push(seq);
        s.maxGapMs = Math.max(s.maxGapMs, Date.now() - last);
        last = Date.now();
      }
      await sleep(Math.max(0, 1000 / RATE - (Date.now() - began)));
    }
  })().catch((e) => void (s.error = e));
  return s;
}

/** CPU seconds used so far by this process and by the process with `pid` (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | null): number {
  const own = process.cpuUsage();
  let other = 0;
  if (pid !== null) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      other = (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
    } catch {
      other = 0;
    }
  }
  return (own.user + own.system) / 1e6 + other;
}

/** The pid of the process serving `url` (the provisioner's child): its CPU time is read from /proc. */
function pidListening(url: string): number | null {
  const port = Number(new URL(url).port);
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, "0");
    const line = fs
      .readFileSync("/proc/net/tcp", "utf8")
      .split("\n")
      .find((l) => l.includes(`:${hex} `) && l.trim().split(/\s+/)[3] === "0A");
    if (!line) return null;
    const inode = line.trim().split(/\s+/)[9];
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)))
      try {
        for (const fd of fs.readdirSync(`/proc/${pid}/fd`))
          if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`) return Number(pid);
      } catch {
        // not ours to read
      }
  } catch {
    // no /proc
  }
  return null;
}

/** The writer's events on a deployment (those at or after `since`), by sequence number. */
async function writerEvents(t: ConvexLocalHandle, since: number) {
  const seen = new Map<number, number>();
  let cursor: string | null = null;
  for (;;) {
    const page: { seqs: number[]; cursor: string; isDone: boolean } = await t.query(async (ctx) => {
      const tenant = await ctx.db
        .query("tenants")
        .withIndex("by_slug", (q: Range) => q.eq("slug", SLUG))
        .unique();
      const r = await ctx.db
        .query("usageEvents")
        .withIndex("by_tenant_at", (q: Range) => q.eq("tenantId", tenant._id).gte("at", since))
        .paginate({ cursor, numItems: 4000 });
      return { seqs: r.page.map((e: { latencyMs: number }) => e.latencyMs), cursor: r.continueCursor, isDone: r.isDone };
    });
    for (const q of page.seqs) seen.set(q, (seen.get(q) ?? 0) + 1);
    if (page.isDone) return seen;
    cursor = page.cursor;
  }
}

async function main() {
  if (!Number.isInteger(EVENTS) || EVENTS < 1) throw new Error("--events takes a positive integer");
  const seedDir = values["data-dir"] ? path.resolve(values["data-dir"]) : mkdir("seed");
  fs.mkdirSync(seedDir, { recursive: true });
  log(`Seeding ${EVENTS.toLocaleString()} usage events in ${seedDir}...\n`);
  await seed(seedDir);
  const sourceDir = mkdir("source");
  fs.cpSync(seedDir, sourceDir, { recursive: true });
  const targetDir = mkdir("target");
  const A = await start(sourceDir);
  // The target: in this process (--in-process), or its own process as local mode provisions a dedicated deployment.
  const provisioner = localProvisioner({
    dataDir: targetDir,
    root: path.resolve(import.meta.dirname, ".."),
    env: { TENANTRY_SYSTEM_SECRET: SECRET },
  });
  let inProcessB: ConvexLocalHandle | null = null;
  let closedB = false;
  let urlB: string;
  if (values["in-process"]) urlB = (inProcessB = await start(targetDir)).url;
  else {
    const request = { name: "bench" as never, kind: "shared" as const };
    urlB = (await provisioner.create(request)).url;
    await provisioner.deploy(request);
  }
  try {
    const control = deploymentAt(A.url, SECRET);
    const tenant = await control.query("platform/moveData:tenant", { slug: SLUG });
    await control.mutation("platform/registry:registerDeployment", {
      name: SLUG,
      kind: "dedicated",
      url: urlB,
      provider: "local",
      dedicatedTo: tenant._id,
      status: "ready",
    });
    const deps = new Map([A.url, urlB].map((url) => [url, deploymentAt(url, SECRET)]));
    const pidB = inProcessB ? null : pidListening(urlB);
    const phases = new Map<string, number>();
    const cpuAt = new Map<string, number>();
    let lastLog = 0;
    const env: MoveEnv = {
      control,
      at: (url) => deps.get(url)!,
      batch: BATCH,
      onProgress: (m: MoveRecord) => {
        if (!phases.has(m.phase)) {
          phases.set(m.phase, performance.now());
          cpuAt.set(m.phase, cpuSeconds(pidB));
        }
        if (performance.now() - lastLog > 2000) {
          lastLog = performance.now();
          const copied = Object.values(m.state.copied).reduce((a, b) => a + b, 0);
          log(`  ${m.phase}: ${copied.toLocaleString()} rows copied\n`);
        }
      },
    };
    const writerStart = Date.now();
    const writer = startWriter(deps.get(A.url)!, deps.get(urlB)!, control, tenant._id);
    await sleep(500);
    const load1 = os.loadavg();
    const began = performance.now();
    const moveId = await startMove(env, {
      slug: SLUG,
      to: { kind: "dedicated", deployment: SLUG } as never,
      sourceUrl: A.url,
      targetUrl: urlB,
    });
    phases.set("create", performance.now());
    cpuAt.set("create", cpuSeconds(pidB));
    const done = await runMove(env, moveId);
    const ended = performance.now();
    if (done.status !== "switched") throw new Error(`the move ended ${done.status}: ${done.error}`);
    // A few writes after the switch, then stop and count.
    const atSwitch = writer.acked.length;
    while (writer.acked.length < atSwitch + 5 && !writer.error) await sleep(50);
    writer.stop = true;
    await writer.done;
    if (writer.error) throw writer.error;
    const load2 = os.loadavg();

    let B = inProcessB;
    if (!B) {
      // Counted on the target's own data, opened here once its process has stopped.
      await provisioner.stop("bench" as never);
      B = await start(path.join(targetDir, "deployments", "bench", "convex"));
    }
    const onTarget = await writerEvents(B, writerStart);
    await B.close();
    closedB = true;
    const acked = new Set(writer.acked);
    const lost = writer.acked.filter((q) => !onTarget.has(q)).length;
    const duplicated = [...onTarget.values()].reduce((a, n) => a + n - 1, 0);
    const unacknowledged = [...onTarget.keys()].filter((q) => !acked.has(q)).length;
    const rows = Object.values(done.state.copied).reduce((a, b) => a + b, 0);
    const copyStart = phases.get("copy") ?? began;
    const copyEnd = phases.get("catchup") ?? phases.get("verify") ?? ended;
    const copyCpu = (cpuAt.get("catchup") ?? cpuAt.get("verify") ?? 0) - (cpuAt.get("copy") ?? 0);
    const result = {
      events: EVENTS,
      rows_copied: rows,
      copy_s: Math.round(copyEnd - copyStart) / 1000,
      rows_per_s: Math.round(rows / ((copyEnd - copyStart) / 1000)),
      copy_cpu_s: Math.round(copyCpu * 100) / 100,
      rows_per_cpu_s: copyCpu > 0 ? Math.round(rows / copyCpu) : null,
      target: values["in-process"] ? "in-process" : "own process",
      move_to_switched_s: Math.round(ended - began) / 1000,
      write_freeze_ms: done.state.freezeMs ?? null,
      writer_max_gap_ms: writer.maxGapMs,
      writes_acknowledged: writer.acked.length,
      writes_refused_moving: writer.moving,
      lost_writes: lost,
      duplicated_writes: duplicated,
      unacknowledged_on_target: unacknowledged,
      admin_overview_p95_ms: null as number | null,
      admin_overview_exact: null as boolean | null,
      batch: BATCH,
      writer_rate_per_s: RATE,
      load_avg_before: load1.map((x) => Math.round(x * 100) / 100),
      load_avg_after: load2.map((x) => Math.round(x * 100) / 100),
      cpus: os.cpus().length,
    };
    // Measured after the move's deployments are closed, so the two figures don't share the machine.
    if (OVERVIEW_TENANTS > 0) {
      const overview = await measureOverviewSpread({ tenants: OVERVIEW_TENANTS, log: (l) => log(`${l}\n`) });
      result.admin_overview_p95_ms = overview.admin_overview_p95_ms;
      result.admin_overview_exact = overview.exact;
    }
    log(`${JSON.stringify(result, null, 2)}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`rows/s ${result.rows_per_s}, freeze ${result.write_freeze_ms} ms, lost ${lost}, duplicated ${duplicated}\n`);
  } finally {
    await A.close();
    await provisioner.stop("bench" as never);
    if (inProcessB && !closedB) await inProcessB.close();
    fs.rmSync(sourceDir, { recursive: true, force: true });
    fs.rmSync(targetDir, { recursive: true, force: true });
    if (!values["data-dir"]) fs.rmSync(seedDir, { recursive: true, force: true });
  }
}

await main();
