/**
 * `npm run bench:workspace -- --json [--tenants 100] [--memories 100000] [--target 10000]`
 *
 * The agent workspace through its runtime API (issue 19): convex-local on a
 * scratch data dir, the real route handlers (/api/v1/memories/recall,
 * /api/v1/messages, /api/v1/messages/check, /api/mcp) behind a plain node:http
 * server (the same handlers Next serves; /api/v1 skips the proxy), clients over
 * real HTTP.
 *
 * - recall_text_p95_ms / recall_vector_p95_ms: one tenant's `--target` memories
 *   (each with a 1,536-number embedding), measured twice: with other tenants
 *   holding a tenth of `--memories` (in a tenth of `--tenants`), then after they
 *   grow to all of it (10x). The full size is --tenants 1000
 *   --memories 1000000; the defaults are a tenth of that (seeding time).
 * - messages_per_s: messages sent (batches of 100) and then checked by their
 *   recipient, end to end, by `--concurrency` agent pairs for `--seconds`.
 *   recall_*_cpu_ms: this process's CPU time per recall (clients, routes and
 *   convex-local all run in it), which waiting for a busy machine's cores
 *   does not inflate as it does latency.
 * - mcp_tool_call_p95_ms: the MCP SDK's client calling `recall` over HTTP.
 * The last stdout line with --json is one JSON object.
 */
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import type { GenericMutationCtx } from "convex/server";
import type { DataModel, Id } from "../convex/_generated/dataModel";
import { startConvexLocal } from "../lib/local/convex/index";
import { newTenant } from "../convex/lib/newTenant";
import { insertEmbedding } from "../convex/workspace/embeddings";
import { EMBEDDING_DIMENSIONS } from "../lib/domain/workspace/limits";

// Route modules import "server-only", which resolves to an empty module under the react-server condition (as in Next).
if (!process.execArgv.join(" ").includes("react-server") && !(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const { values } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    tenants: { type: "string", default: "100" },
    memories: { type: "string", default: "100000" },
    target: { type: "string", default: "10000" },
    queries: { type: "string", default: "200" },
    seconds: { type: "string", default: "5" },
    concurrency: { type: "string", default: "4" },
    // Two runs (say before and after a change) given the same directory wait for each other before each measurement,
    // so both measure under the same machine load: `--sync /tmp/pair --peers 2`.
    sync: { type: "string" },
    peers: { type: "string", default: "2" },
  },
});
const TENANTS = Number(values.tenants);
const MEMORIES = Number(values.memories);
const TARGET = Number(values.target);
const QUERIES = Number(values.queries);
const SECRET = "bench-workspace-secret-0123456789abcdef";
const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);
type Ctx = GenericMutationCtx<DataModel>;

/** With --sync, waits (up to 30 minutes) until --peers runs have reached the same phase. */
async function barrier(phase: string) {
  if (!values.sync) return;
  fs.mkdirSync(values.sync, { recursive: true });
  fs.writeFileSync(path.join(values.sync, `${phase}-${process.pid}`), "");
  const until = Date.now() + 30 * 60_000;
  while (fs.readdirSync(values.sync).filter((f) => f.startsWith(`${phase}-`)).length < Number(values.peers) && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 200));
}

/** A deterministic generator, so every run seeds the same words and vectors. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}
const SYLLABLES = ["ka", "to", "ri", "me", "su", "la", "no", "vi", "de", "po", "ga", "shi", "ru", "be", "zo", "ne", "ta", "mi", "fu", "lo"];
const rand = rng(7);
const VOCAB = Array.from({ length: 3000 }, () =>
  Array.from({ length: 3 }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(""),
);
const sentence = (r: () => number, n = 12) => Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(" ");
const vector = (r: () => number) => Array.from({ length: EMBEDDING_DIMENSIONS }, () => r() * 2 - 1);

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-workspace-"));
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir: path.resolve("convex"), env: { TENANTRY_SYSTEM_SECRET: SECRET } });
  Object.assign(process.env, { CONVEX_LOCAL_URL: t.url, TENANTRY_SYSTEM_SECRET: SECRET });
  try {
    // The tenant under test: unlimited calls (the bench measures latency, not the plan's rate limit).
    const key = `tnt_${randomBytes(32).toString("hex")}`;
    const tenantId = await seedTenant(t, "target", key);
    log(`seeding ${TARGET} memories (with embeddings) for the tenant under test...`);
    await seedMemories(t, tenantId, TARGET, 11, true);
    let others = 0;
    const grow = async (tenants: number, memories: number) => {
      const per = Math.ceil(memories / tenants);
      const started = Date.now();
      for (let i = 0; i < tenants; i++) {
        const id = await seedTenant(t, `other-${others + i}`, `tnt_${randomBytes(32).toString("hex")}`);
        await seedMemories(t, id, per, 1000 + others + i, false);
        if (i % 10 === 9)
          log(`  other tenants: ${i + 1}/${tenants} (${Math.round(((i + 1) * per) / ((Date.now() - started) / 1000))} memories/s)`);
      }
      others += tenants;
      return per * tenants;
    };

    const server = await serve();
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const recall = async (body: object) => {
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/memories/recall`, {
        method: "POST",
        headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const out = (await res.json()) as { results?: unknown[] };
      if (res.status !== 200 || !out.results) throw new Error(`recall: HTTP ${res.status} ${JSON.stringify(out).slice(0, 200)}`);
      return performance.now() - started;
    };
    // CPU time of this process (client, route and convex-local alike) per recall: unlike latency, it does not
    // grow with the time spent waiting for a core on a machine shared with other jobs.
    const cpuPerCall = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return Math.round((used.user + used.system) / QUERIES / 100) / 10;
    };
    const measure = async () => {
      const q = rng(99);
      for (let i = 0; i < 20; i++) await recall({ query: sentence(q, 2) });
      const text: number[] = [];
      let cpu = process.cpuUsage();
      for (let i = 0; i < QUERIES; i++) text.push(await recall({ query: sentence(q, 2), limit: 10 }));
      const textCpu = cpuPerCall(cpu);
      const v = rng(5);
      for (let i = 0; i < 5; i++) await recall({ embedding: vector(v), limit: 10 });
      const vec: number[] = [];
      cpu = process.cpuUsage();
      for (let i = 0; i < QUERIES; i++) vec.push(await recall({ embedding: vector(v), limit: 10 }));
      return {
        // The machine's 1-minute load average as the recalls end (uptime's first figure): on a shared machine, the
        // latency figures are only comparable between runs made at a similar load.
        load: Math.round(os.loadavg()[0] * 100) / 100,
        text_p50: percentile(text, 50),
        text_p95: percentile(text, 95),
        text_cpu: textCpu,
        vector_p50: percentile(vec, 50),
        vector_p95: percentile(vec, 95),
        vector_cpu: cpuPerCall(cpu),
      };
    };

    log(`other tenants, first size: ${Math.max(1, Math.round(TENANTS / 10))} tenants, ${Math.round(MEMORIES / 10)} memories`);
    const smallOthers = await grow(Math.max(1, Math.round(TENANTS / 10)), Math.round(MEMORIES / 10));
    await barrier("small");
    const small = await measure();
    log(
      `  recall text p95 ${small.text_p95} ms (CPU ${small.text_cpu} ms), vector p95 ${small.vector_p95} ms (CPU ${small.vector_cpu} ms)`,
    );
    log(`other tenants grow 10x: ${TENANTS} tenants, ${MEMORIES} memories`);
    const bigOthers = smallOthers + (await grow(TENANTS - Math.max(1, Math.round(TENANTS / 10)), MEMORIES - Math.round(MEMORIES / 10)));
    await barrier("big");
    const big = await measure();
    log(`  recall text p95 ${big.text_p95} ms (CPU ${big.text_cpu} ms), vector p95 ${big.vector_p95} ms (CPU ${big.vector_cpu} ms)`);

    await barrier("messages");
    const messages = await messagesPerSecond(base, key);
    log(`messages: ${messages.delivered} sent and checked in ${messages.seconds} s`);
    const mcp = await mcpLatency(base, key);
    log(`mcp recall p95 ${mcp.p95} ms`);

    const result = {
      tenants: others + 1,
      memories_total: bigOthers + TARGET,
      target_memories: TARGET,
      others_small: smallOthers,
      others_big: bigOthers,
      recall_text_p95_ms: big.text_p95,
      recall_text_p95_ms_small: small.text_p95,
      recall_text_p50_ms: big.text_p50,
      recall_text_cpu_ms: big.text_cpu,
      recall_text_cpu_ms_small: small.text_cpu,
      recall_vector_p95_ms: big.vector_p95,
      recall_vector_p95_ms_small: small.vector_p95,
      recall_vector_p50_ms: big.vector_p50,
      load_avg: big.load,
      load_avg_small: small.load,
      recall_vector_cpu_ms: big.vector_cpu,
      recall_vector_cpu_ms_small: small.vector_cpu,
      messages_per_s: Math.round(messages.delivered / messages.seconds),
      mcp_tool_call_p95_ms: mcp.p95,
      mcp_tool_call_p50_ms: mcp.p50,
      targets: { recall_text_p95_ms: 15, recall_vector_p95_ms: 25, messages_per_s: 2000 },
    };
    if (values.json) console.log(JSON.stringify(result));
    else console.table(result);
    server.close();
  } finally {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function seedTenant(t: Awaited<ReturnType<typeof startConvexLocal>>, slug: string, key: string): Promise<Id<"tenants">> {
  const hash = createHash("sha256").update(key).digest("hex");
  return t.run(async (ctx: Ctx) => {
    const now = Date.now();
    const tenantId = await newTenant(ctx.db, {
      name: slug,
      slug,
      plan: "enterprise",
      status: "active",
      billingEmail: `billing@${slug}.test`,
      now,
      quotaOverrides: { apiCallsPerMinute: null, storageBytes: null },
    });
    const userId = await ctx.db.insert("users", {
      externalId: `${slug}-owner`,
      email: `owner@${slug}.test`,
      name: slug,
      platformRole: "none",
      createdAt: now,
    });
    await ctx.db.insert("apiKeys", { tenantId, name: "bench", prefix: key.slice(0, 12), hash, createdBy: userId, createdAt: now });
    for (const name of ["tau", "pi"])
      await ctx.db.insert("agents", { tenantId, name, model: "claude-haiku-4-5", status: "active", createdAt: now });
    return tenantId;
  });
}

async function seedMemories(
  t: Awaited<ReturnType<typeof startConvexLocal>>,
  tenantId: Id<"tenants">,
  count: number,
  seed: number,
  embeddings: boolean,
) {
  // Each batch is one transaction, under convex-local's 1 s limit even on a busy machine.
  const batch = embeddings ? 40 : 400;
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    await t.run(async (ctx: Ctx) => {
      const r = rng(seed * 1_000_003 + done);
      const scope = "production:";
      for (let i = 0; i < n; i++) {
        const content = sentence(r);
        const createdAt = Date.now();
        // As workspace/memories:store writes them: the vector in its own row, linked from the memory.
        const embeddingId = embeddings
          ? await insertEmbedding(ctx.db, { tenantId, scope, contextKey: "", embedding: vector(r), createdAt })
          : undefined;
        await ctx.db.insert("memories", {
          tenantId,
          scope,
          namespace: ["global", "project/catalog", "orchestrator/tau"][i % 3],
          type: "note",
          content,
          createdBy: "tau",
          contextKey: "",
          ...(embeddingId ? { embeddingId } : {}),
          bytes: content.length,
          createdAt,
        });
      }
    });
    // Seeding runs in this process, as do the HTTP clients and servers: without a turn of the event loop their
    // keep-alive timers never run, and the first request after a long seed reuses a socket the server is closing.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The route handlers behind node:http, as Next would call them. */
async function serve(): Promise<http.Server> {
  const recall = await import("../app/api/v1/memories/recall/route");
  const send = await import("../app/api/v1/messages/route");
  const check = await import("../app/api/v1/messages/check/route");
  const mcp = await import("../app/api/mcp/route");
  const routes: Record<string, (r: Request) => Promise<Response>> = {
    "POST /api/v1/memories/recall": recall.POST,
    "POST /api/v1/messages": send.POST,
    "POST /api/v1/messages/check": check.POST,
    "POST /api/mcp": mcp.POST,
  };
  const server = http.createServer(async (req, res) => {
    const handler = routes[`${req.method} ${req.url?.split("?")[0]}`];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      ...(req.method === "POST" ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    const response = await handler(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** `concurrency` pairs: each sends batches of 100 to its worker's channel, and the worker checks them. */
async function messagesPerSecond(base: string, key: string) {
  const headers = { Authorization: `Bearer ${key}`, "Content-Type": "application/json" };
  const post = async (p: string, body: object) => {
    const res = await fetch(`${base}${p}`, { method: "POST", headers, body: JSON.stringify(body) });
    const out = (await res.json()) as { messages?: unknown[] };
    if (res.status >= 300) throw new Error(`${p}: HTTP ${res.status} ${JSON.stringify(out).slice(0, 200)}`);
    return out;
  };
  const until = Date.now() + Number(values.seconds) * 1000;
  const started = performance.now();
  let delivered = 0;
  await Promise.all(
    Array.from({ length: Number(values.concurrency) }, async (_, w) => {
      while (Date.now() < until) {
        await post("/api/v1/messages", {
          messages: Array.from({ length: 100 }, (_, i) => ({ from: "tau", channel: `worker${w}`, content: `job ${i} for worker ${w}` })),
        });
        const got = await post("/api/v1/messages/check", { recipient: `worker${w}`, recipientInstanceId: "main", limit: 200 });
        delivered += got.messages!.length;
      }
    }),
  );
  return { delivered, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

async function mcpLatency(base: string, key: string) {
  const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
  const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${base}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }),
  );
  const q = rng(123);
  const times: number[] = [];
  for (let i = 0; i < 120; i++) {
    const started = performance.now();
    const r = (await client.callTool({ name: "recall", arguments: { query: sentence(q, 2), limit: 5 } })) as { isError?: boolean };
    if (r.isError) throw new Error("mcp recall refused");
    if (i >= 20) times.push(performance.now() - started);
  }
  await client.close();
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
