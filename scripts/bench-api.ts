/**
 * `npm run bench:api [-- --json] [--seconds 15] [--concurrency 6] [--batch 100]`
 *
 * Batched usage ingestion through the real HTTP API: starts Tenantry on its own
 * ports and data dir (production build, convex-local, demo seed), registers an
 * API key for initech through the real apiKeys:create as its owner, then keeps
 * `concurrency` runtimes posting batches of `batch` events (each with an
 * Idempotency-Key, as a careful runtime would) for `seconds`.
 *
 * Durable: afterwards the server is killed (SIGKILL, no graceful shutdown) and
 * convex-local is reopened on the same files; the tenant's counters must hold
 * every acknowledged token. The last line is one JSON object:
 * { events_per_s, p95_ms, ... }. Target: events_per_s >= 5000.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api";
import { startConvexLocal } from "../lib/local/convex/index";

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    seconds: { type: "string", default: "15" },
    concurrency: { type: "string", default: "6" },
    batch: { type: "string", default: "100" },
    port: { type: "string", default: "3170" },
    "convex-port": { type: "string", default: "3370" },
    "data-dir": { type: "string", default: ".data-bench-api" },
  },
});
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const BATCH = Number(values.batch);
const BASE = `http://localhost:${values.port}`;
const DATA_DIR = path.resolve(values["data-dir"]);
const TARGET = 5_000;
const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not come up within ${ms / 1000} s`);
}

/** Signs in as a demo user through the local identity API and returns a Convex token. */
async function convexToken(email: string): Promise<string> {
  const signIn = await fetch(`${BASE}/api/local-auth/sign-in`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email }),
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${BASE}/api/local-auth/token`, { headers: { cookie } });
  return ((await res.json()) as { token: string }).token;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function main() {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  log(`Starting Tenantry on ${BASE} (data ${DATA_DIR}); builds first if the sources are newer…`);
  const server = spawn(
    "npx",
    ["tsx", "scripts/start.ts", "--port", values.port!, "--convex-port", values["convex-port"]!, "--data-dir", DATA_DIR, "--quiet"],
    {
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    },
  );
  const kill = () => {
    try {
      process.kill(-server.pid!, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  process.on("exit", kill);
  // A failed build or start ends the child: fail at once instead of waiting out the timeout.
  const exited = new Promise<never>((_, reject) =>
    server.on("exit", (code) => reject(new Error(`the server exited (code ${code}) before it was up; run npm start to see why`))),
  );
  await Promise.race([waitFor(`${BASE}/sign-in`, 20 * 60_000), exited]);
  exited.catch(() => {});

  const convex = new ConvexHttpClient(`http://127.0.0.1:${values["convex-port"]}`, { logger: false });
  convex.setAuth(await convexToken("owner@initech.test"));
  const { key } = await convex.mutation(api.portal.apiKeys.create, { slug: "initech", name: "bench" });
  const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  const agents = ((await (await fetch(`${BASE}/api/v1/agents`, { headers })).json()) as { agents: { id: string }[] }).agents.map(
    (a) => a.id,
  );
  const quota = async () =>
    ((await (await fetch(`${BASE}/api/v1/quota`, { headers })).json()) as { quotas: { monthlyTokens: { used: number } } }).quotas
      .monthlyTokens.used;
  const tokensBefore = await quota();

  let seq = 0;
  const post = async () => {
    const n = seq++;
    const events = Array.from({ length: BATCH }, (_, i) => ({
      agentId: agents[(n + i) % agents.length],
      inputTokens: 200 + (i % 50),
      outputTokens: 80,
      latencyMs: 300 + (i % 400),
      success: i % 37 !== 0,
    }));
    const started = performance.now();
    const res = await fetch(`${BASE}/api/v1/usage`, {
      method: "POST",
      headers: { ...headers, "Idempotency-Key": `bench-${n}` },
      body: JSON.stringify({ events }),
    });
    const body = (await res.json()) as { recorded?: number };
    if (res.status !== 200 || body.recorded !== BATCH)
      throw new Error(`batch ${n}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return { ms: performance.now() - started, tokens: events.reduce((s, e) => s + e.inputTokens + e.outputTokens, 0) };
  };

  log(`Warming up, then ${CONCURRENCY} runtimes post batches of ${BATCH} for ${SECONDS} s…`);
  for (let i = 0; i < 20; i++) await post();
  const warmTokens = await quota();
  const latencies: number[] = [];
  let tokens = 0;
  const started = performance.now();
  const deadline = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const r = await post();
        latencies.push(r.ms);
        tokens += r.tokens;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const acknowledged = warmTokens + tokens;

  // Durability: no graceful shutdown; reopen the files and read what was committed.
  kill();
  await new Promise((r) => setTimeout(r, 1500));
  const reopened = await startConvexLocal({ dataDir: path.join(DATA_DIR, "convex"), port: 0, functionsDir: "convex" });
  const stored = await reopened.query(async (ctx) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q: { eq(f: string, v: string): unknown }) => q.eq("slug", "initech"))
      .unique();
    return (
      await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q: { eq(f: string, v: string): unknown }) => q.eq("tenantId", tenant._id))
        .unique()
    ).monthTokens as number;
  });
  await reopened.close();

  latencies.sort((a, b) => a - b);
  const events = latencies.length * BATCH;
  const result = {
    events_per_s: Math.round(events / elapsed),
    p95_ms: Math.round(percentile(latencies, 95)),
    p50_ms: Math.round(percentile(latencies, 50)),
    batches: latencies.length,
    events,
    batch_size: BATCH,
    concurrency: CONCURRENCY,
    seconds: Math.round(elapsed * 10) / 10,
    durable: stored === acknowledged,
    tokens_acknowledged: acknowledged - tokensBefore,
    tokens_stored: stored - tokensBefore,
    target_events_per_s: TARGET,
    meets_target: events / elapsed >= TARGET,
  };
  log(
    `${result.events.toLocaleString("en-US")} events in ${result.seconds} s: ${result.events_per_s.toLocaleString("en-US")} events/s, p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms per batch; durable: ${result.durable}`,
  );
  console.log(JSON.stringify(result));
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  process.exit(result.durable ? 0 : 1);
}

main().catch((e) => {
  console.error(`bench:api failed: ${(e as Error).message}`);
  process.exit(1);
});
