/**
 * `npm run bench:dashboard -- [--json] [--events N] [--samples K]`: what the
 * tenant overview costs, and what it would cost the seed's way.
 *
 * 1. Starts convex-local on a scratch data dir with this repo's convex/.
 * 2. Seeds tenant "bench" with N usage events (default 1,000,000) spread over
 *    90 days, through the real recording path: applyUsage (convex/lib/usage.ts)
 *    in mutations of BATCH events, so events, rollups and counters are written
 *    together, under Convex's per-mutation limits.
 * 3. Measures overview:get through the real HTTP client as the tenant's owner
 *    (p50/p95 over K calls), and its documents read from the runtime's
 *    transaction metrics (what ctx.meta.getTransactionMetrics reports).
 * 4. Seeds tenant "bench-naive" with min(N, NAIVE_MAX) events and runs the
 *    seed's way: collect the raw events and sum them in the query. NAIVE_MAX
 *    is the largest round N under Convex's 32,000-documents-read limit per
 *    function (https://docs.convex.dev/production/state/limits), leaving room
 *    for the tenant and agent reads; above it the query fails. It runs as an
 *    inline query in the same runtime (timed in-process, which spares it the
 *    HTTP hop), so the anti-example never ships as a function in convex/.
 *
 * Progress goes to stderr; with --json the last line of stdout is one JSON object.
 * --data-dir DIR keeps the seeded data there and reuses it on the next run
 * (seeding 1M events takes minutes; measuring takes seconds).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DAY_MS } from "../lib/domain/time";
import { makeFunctionReference, queryGeneric } from "convex/server";
import { startConvexLocal, type ConvexLocalHandle } from "../lib/local/convex/index";
import { actingAsIdentity } from "../lib/local/convex/auth";
import type { ConvexFunction } from "../lib/local/convex/modules";
import { applyUsage, type UsageInput } from "../convex/lib/usage";
import { getCounters } from "../convex/lib/counters";
import type { DataModel, Doc } from "../convex/_generated/dataModel";
import type { GenericDatabaseReader } from "convex/server";
import type { ModelId } from "../lib/domain/plans";

const NAIVE_MAX = 30_000;
const BATCH = 2_000;
const DAYS = 90;
const AGENTS: [string, ModelId, number][] = [
  ["Customer Support", "claude-sonnet-4-5", 1300],
  ["Code Reviewer", "claude-opus-4-6", 2400],
  ["Data Analyst", "claude-opus-4-6", 2400],
  ["Email Assistant", "claude-haiku-4-5", 520],
  ["Research Bot", "gpt-4o", 1100],
  ["Ticket Triage", "claude-haiku-4-5", 520],
  ["Sales Outreach", "claude-sonnet-4-5", 1300],
  ["Inventory Watch", "llama-3.1-8b", 380],
];

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i === -1 ? fallback : Number(process.argv[i + 1]?.replace(/[_,]/g, ""));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive integer`);
  return n;
}
const json = process.argv.includes("--json");
const events = flag("events", 1_000_000);
const samples = flag("samples", 200);
const dataDirArg = process.argv.includes("--data-dir") ? path.resolve(process.argv[process.argv.indexOf("--data-dir") + 1]) : null;
const log = (s: string) => process.stderr.write(s);

/** A deterministic PRNG (mulberry32), so every run seeds the same data. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seedTenant(t: ConvexLocalHandle, slug: string, count: number) {
  const seeded = await t.query((ctx) =>
    ctx.db
      .query("tenants")
      .withIndex("by_slug", (q: { eq(f: string, v: string): unknown }) => q.eq("slug", slug))
      .unique(),
  );
  if (seeded) {
    if (seeded.name !== `Bench ${slug} ${count}`)
      throw new Error(`${dataDirArg} holds "${seeded.name}", not ${count} events: use another --data-dir`);
    return log(`  ${slug}: reusing ${count.toLocaleString()} events already in ${dataDirArg}\n`);
  }
  const { tenantId, agents } = await t.run(async (ctx) => {
    const now = Date.now();
    const userId = await ctx.db.insert("users", {
      externalId: `${slug}-owner`,
      email: `owner@${slug}.test`,
      name: "Bench Owner",
      platformRole: "none",
      createdAt: now,
    });
    const tenantId = await ctx.db.insert("tenants", {
      name: `Bench ${slug} ${count}`,
      slug,
      plan: "enterprise",
      status: "active",
      statusSince: now,
      monthlyBudgetCents: 5_000_00,
      billingEmail: `billing@${slug}.test`,
      deployment: { kind: "shared" },
      createdAt: now,
      updatedAt: now,
    });
    await ctx.db.insert("memberships", { tenantId, userId, role: "owner", createdAt: now });
    const agents: Doc<"agents">[] = [];
    for (const [name, model] of AGENTS)
      agents.push((await ctx.db.get(await ctx.db.insert("agents", { tenantId, name, model, status: "active", createdAt: now })))!);
    const counters = await getCounters(ctx.db, tenantId);
    await ctx.db.patch(counters._id, { agents: agents.length, members: 1, storageBytes: 42_000_000_000 });
    return { tenantId, agents };
  });
  const byId = new Map(agents.map((a: Doc<"agents">) => [a._id as string, a]));
  const rand = rng(count);
  const now = Date.now();
  const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  // Event i falls on day floor(i * DAYS / count) (oldest first, today last, today only up to now), so every
  // day of the window, today included, holds count/DAYS events and every agent shows up on every day.
  const atOf = (i: number) => {
    const x = (i * DAYS) / count;
    const daysAgo = DAYS - 1 - Math.floor(x);
    const dayStart = today - daysAgo * DAY_MS;
    return dayStart + Math.floor((x - Math.floor(x)) * (daysAgo === 0 ? now - today : DAY_MS));
  };
  const began = Date.now();
  for (let done = 0; done < count;) {
    const n = Math.min(BATCH, count - done);
    // Oldest first, so each batch touches a few days' rollups, as live traffic would.
    const batch: UsageInput[] = Array.from({ length: n }, (_, k) => {
      const i = done + k;
      const a = i % AGENTS.length;
      return {
        agentId: agents[a]._id,
        model: AGENTS[a][1],
        inputTokens: Math.round(400 + rand() * rand() * 6000),
        outputTokens: Math.round(150 + rand() * rand() * 1800),
        latencyMs: Math.round(AGENTS[a][2] * (0.5 + rand() * rand() * 2.5)),
        success: rand() > 0.018,
        at: atOf(i),
      };
    });
    await t.run((ctx) => applyUsage(ctx.db, tenantId, byId, batch));
    done += n;
    const rate = Math.round(done / ((Date.now() - began) / 1000));
    log(
      `\r  ${slug}: ${done.toLocaleString()}/${count.toLocaleString()} events (${Math.floor((done / count) * 100)}%, ${rate.toLocaleString()}/s)   `,
    );
  }
  log("\n");
}

/**
 * The seed's way (the anti-example): every raw event of the tenant collected
 * and summed in the query, agents counted with collect().length. Same figures
 * as overview:get, except p95 is exact here rather than a bucket bound.
 */
async function naiveOverview(db: GenericDatabaseReader<DataModel>, slug: string) {
  const tenant = (await db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique())!;
  const all = await db
    .query("usageEvents")
    .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenant._id))
    .collect();
  const agents = await db
    .query("agents")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
    .collect();
  const monthStart = Date.parse(`${new Date().toISOString().slice(0, 7)}-01T00:00:00Z`);
  const since = Date.now() - 30 * DAY_MS;
  const byModel = new Map<string, number>();
  const byAgent = new Map<string, number>();
  const latencies: number[] = [];
  let tokens = 0,
    cost = 0,
    errors = 0;
  for (const e of all) {
    if (e.at >= monthStart) {
      tokens += e.inputTokens + e.outputTokens;
      cost += e.costMicros;
      byModel.set(e.model, (byModel.get(e.model) ?? 0) + e.costMicros);
      byAgent.set(e.agentId, (byAgent.get(e.agentId) ?? 0) + e.costMicros);
    }
    if (e.at >= since) {
      latencies.push(e.latencyMs);
      errors += e.success ? 0 : 1;
    }
  }
  const names = new Map(agents.map((a) => [a._id as string, a.name]));
  return {
    monthToDate: { tokens, cost },
    costByModel: [...byModel].sort((a, b) => b[1] - a[1]),
    topAgents: [...byAgent]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([id, c]) => ({ name: names.get(id), cost: c })),
    activity: {
      calls: latencies.length,
      errorRate: errors / Math.max(1, latencies.length),
      p95LatencyMs: latencies.sort((a, b) => a - b)[Math.floor(latencies.length * 0.95)] ?? null,
    },
    agents: agents.length,
  };
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const round = (x: number) => Math.round(x * 100) / 100;

/** Times `call` `n` times after a short warm-up; returns p50/p95 in ms. */
async function time(call: () => Promise<unknown>, n = samples) {
  for (let i = 0; i < 10; i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
}

async function main() {
  const dataDir = dataDirArg ?? fs.mkdtempSync(path.join(os.tmpdir(), "bench-dashboard-"));
  const start = () => startConvexLocal({ dataDir, port: 0, functionsDir: path.resolve("convex") });
  let t = await start();
  try {
    const naiveEvents = Math.min(events, NAIVE_MAX);
    log(
      `Seeding ${events.toLocaleString()} + ${naiveEvents.toLocaleString()} usage events in batches of ${BATCH.toLocaleString()} (data: ${dataDir})\n`,
    );
    await seedTenant(t, "bench", events);
    await seedTenant(t, "bench-naive", naiveEvents);
    // Measure a freshly started server, as a deployment serving the data would be, not one still full of the seeding.
    await t.close();
    t = await start();
    const rt = t.server.runtime;

    log(`Measuring overview:get (${samples} calls through the HTTP client)\n`);
    const owner = t.withIdentity({ subject: "bench-owner" });
    const get = makeFunctionReference<"query">("portal/overview:get");
    const overview = await time(() => owner.query(get, { slug: "bench" }));
    const identity = actingAsIdentity({ subject: "bench-owner" });
    const overviewInProc = await time(() => rt.runQuery("portal/overview:get", { slug: "bench" }, identity));
    const overviewRun = await rt.runQuery("portal/overview:get", { slug: "bench" }, identity);

    log(`Measuring the seed's way over ${naiveEvents.toLocaleString()} events\n`);
    const naive = queryGeneric({ args: {}, handler: (ctx) => naiveOverview(ctx.db, "bench-naive") }) as unknown as ConvexFunction;
    // Fewer samples: each naive call takes hundreds of milliseconds.
    const naiveTime = await time(() => rt.runQueryFunction(naive, "bench:naive", {}, identity), Math.min(samples, 50));
    const naiveRun = await rt.runQueryFunction(naive, "bench:naive", {}, identity);

    const result = {
      events,
      overview_p95_ms: overview.p95,
      overview_p50_ms: overview.p50,
      overview_inproc_p95_ms: overviewInProc.p95,
      overview_docs_read: overviewRun.reads.metrics.documentsRead,
      overview_bytes_read: overviewRun.reads.metrics.bytesRead,
      naive_events: naiveEvents,
      naive_p95_ms: naiveTime.p95,
      naive_p50_ms: naiveTime.p50,
      naive_docs_read: naiveRun.reads.metrics.documentsRead,
      naive_bytes_read: naiveRun.reads.metrics.bytesRead,
      naive_limit: `Convex's 32,000 documents read per function; naive_events is capped at ${NAIVE_MAX.toLocaleString()}`,
      docs_read_ratio: round(naiveRun.reads.metrics.documentsRead / overviewRun.reads.metrics.documentsRead),
    };
    if (!json) console.table(result);
    console.log(JSON.stringify(result));
  } finally {
    await t.close();
    if (!dataDirArg) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
