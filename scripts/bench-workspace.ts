/**
 * `npm run bench:workspace -- --json [--tenants 100] [--memories 100000] [--target 10000] [--data-dir DIR] [--cpu-prof DIR]`
 *
 * The agent workspace through its runtime API (issue 19): the real route handlers (/api/v1/memories/recall,
 * /api/v1/messages, /api/v1/messages/check, /api/mcp) behind a plain node:http server (the same handlers Next
 * serves; /api/v1 skips the proxy) and clients over real HTTP in this process, and convex-local in a process of its
 * own (scripts/bench/workspace-deployment.ts), as `npm start` runs the Next server and convex-local: on a
 * two-core machine each has a core, as in the app.
 *
 * - recall_text_p95_ms / recall_vector_p95_ms: one tenant's `--target` memories (each with a 1,536-number
 *   embedding), measured twice: with other tenants holding a tenth of `--memories` (in a tenth of `--tenants`),
 *   and with them grown to all of it (10x). The issue's full size is --tenants 1000 --memories 1000000; the
 *   defaults are a tenth of that (seeding time).
 * - recall_*_cpu_ms: CPU time per recall of both processes (recall_*_cpu_ms_deployment: convex-local's share),
 *   which waiting for a busy machine's cores does not inflate as it does latency.
 * - messages_per_s: messages sent (batches of 100) and then checked by their recipient, end to end, by
 *   `--concurrency` agent pairs for `--seconds`; message_cpu_ms: both processes' CPU per message.
 * - mcp_tool_call_p95_ms: the MCP SDK's client calling `recall` over HTTP.
 *
 * The data: DIR/small (the tenant under test and the first tenth of the others) and DIR/big (a copy grown 10x),
 * seeded by the deployment process itself, with DIR/manifest.json saying what was seeded. With --data-dir DIR a
 * dataset of the same size found there is reused (seeding the full size takes half an hour or more); the
 * measurements add their messages and usage to it, nothing else. Without it, a scratch dir is seeded and removed.
 * --cpu-prof DIR: the deployment process runs with node --cpu-prof (one .cpuprofile per size).
 * The last stdout line with --json is one JSON object.
 */
import { spawnSync, fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { SECRET, rng, sentence, vector } from "./bench/workspace-data";
import type { DeploymentRequest } from "./bench/workspace-deployment";

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
    "data-dir": { type: "string" },
    "cpu-prof": { type: "string" },
    // Seed only (with --data-dir): measuring is left to a later run on a quiet machine.
    "seed-only": { type: "boolean", default: false },
    // Two runs (say before and after a change) given the same directory wait for each other before each measurement,
    // so both measure under the same machine load: `--sync /tmp/pair --peers 2`.
    sync: { type: "string" },
    peers: { type: "string", default: "2" },
  },
});
const int = (s: string) => Number(s.replace(/[_,]/g, ""));
const TENANTS = int(values.tenants);
const MEMORIES = int(values.memories);
const TARGET = int(values.target);
const QUERIES = int(values.queries);
const SMALL_TENANTS = Math.max(1, Math.round(TENANTS / 10));
const SMALL_MEMORIES = Math.round(MEMORIES / 10);
const log = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

/** What DIR/manifest.json says was seeded in DIR. */
type Manifest = {
  version: 1;
  tenants: number;
  memories: number;
  target: number;
  /** The API key of the tenant under test (a bench dataset's, nothing else's). */
  key: string;
  others_small: number;
  others_big: number;
  seeded_at: string;
  seed_seconds: number;
  commit: string;
};
const MANIFEST_VERSION = 1;

/** With --sync, waits (up to 30 minutes) until --peers runs have reached the same phase. */
async function barrier(phase: string) {
  if (!values.sync) return;
  fs.mkdirSync(values.sync, { recursive: true });
  fs.writeFileSync(path.join(values.sync, `${phase}-${process.pid}`), "");
  const until = Date.now() + 30 * 60_000;
  while (fs.readdirSync(values.sync).filter((f) => f.startsWith(`${phase}-`)).length < Number(values.peers) && Date.now() < until)
    await new Promise((resolve) => setTimeout(resolve, 200));
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

/** A port P with P + 1 free too (convex-local serves HTTP actions on the next port). */
async function freePortPair(): Promise<number> {
  const free = (port: number) =>
    new Promise<number>((resolve) => {
      const s = net.createServer();
      s.once("error", () => resolve(-1));
      s.listen(port, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
  for (let i = 0; i < 20; i++) {
    const port = await free(0);
    if (port > 0 && port < 65535 && (await free(port + 1)) > 0) return port;
  }
  throw new Error("No two consecutive free ports for the bench's deployment.");
}

/** convex-local in its own process (scripts/bench/workspace-deployment.ts), on `port`, with data in `dir`. */
class Deployment {
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 1;
  private constructor(
    private child: ChildProcess,
    readonly url: string,
  ) {
    child.on("message", (m: { id: number; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.value);
    });
    child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`the bench's deployment exited (${code})`));
      this.pending.clear();
    });
  }

  static async start(dir: string, port: number, profile?: string): Promise<Deployment> {
    const child = fork(path.join(import.meta.dirname, "bench", "workspace-deployment.ts"), ["--data-dir", dir, "--port", String(port)], {
      execArgv: ["--import", "tsx", ...(profile ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(profile)] : [])],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      // convex-local keeps an inherited CONVEX_CLOUD_URL/CONVEX_SITE_URL; its own are set from its port.
      env: { ...process.env, CONVEX_CLOUD_URL: undefined, CONVEX_SITE_URL: undefined },
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.once("message", (m: { ready?: string }) => (m.ready ? resolve(m.ready) : reject(new Error(JSON.stringify(m)))));
      child.once("exit", (code) => reject(new Error(`the bench's deployment exited (${code}) before it was ready`)));
    });
    return new Deployment(child, url);
  }

  request<T = unknown>(req: DeploymentRequest): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, ...req });
    });
  }

  /** The deployment process's CPU time so far, in microseconds. */
  async cpu(): Promise<number> {
    const u = await this.request<NodeJS.CpuUsage>({ op: "cpu" });
    return u.user + u.system;
  }

  async close() {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    await this.request({ op: "close" });
    await exited;
  }
}

/** Both processes' CPU time from here on (microseconds), this one's and the deployment's. */
async function cpuMeter(d: Deployment) {
  const own = process.cpuUsage();
  const theirs = await d.cpu();
  return async () => {
    const used = process.cpuUsage(own);
    const deployment = (await d.cpu()) - theirs;
    return { total: used.user + used.system + deployment, deployment };
  };
}
const perCall = (micros: number, calls: number, digits = 1) => Math.round((micros / 1000 / calls) * 10 ** digits) / 10 ** digits;

function readManifest(root: string): Manifest | null {
  const file = path.join(root, "manifest.json");
  if (!fs.existsSync(file)) return null;
  const m = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  return m.version === MANIFEST_VERSION ? m : null;
}

/** Seeds DIR/small, copies it to DIR/big and grows that 10x; writes the manifest last (its presence means complete). */
async function seedAll(root: string, port: number): Promise<Manifest> {
  const small = path.join(root, "small");
  const big = path.join(root, "big");
  // No manifest: whatever is there is an interrupted seeding.
  fs.rmSync(small, { recursive: true, force: true });
  fs.rmSync(big, { recursive: true, force: true });
  const started = Date.now();
  const key = `tnt_${randomBytes(32).toString("hex")}`;
  let d = await Deployment.start(small, port);
  log(`seeding ${TARGET} memories (with embeddings) for the tenant under test in ${small}...`);
  const tenantId = await d.request<string>({ op: "tenant", slug: "target", key });
  await d.request({ op: "memories", tenantId, count: TARGET, seed: 11, embeddings: true });
  const grow = async (first: number, tenants: number, memories: number) => {
    const per = Math.ceil(memories / tenants);
    const began = Date.now();
    for (let i = 0; i < tenants; i++) {
      const id = await d.request<string>({ op: "tenant", slug: `other-${first + i}`, key: `tnt_${randomBytes(32).toString("hex")}` });
      await d.request({ op: "memories", tenantId: id, count: per, seed: 1000 + first + i, embeddings: false });
      if (i % 10 === 9)
        log(`  other tenants: ${i + 1}/${tenants} (${Math.round(((i + 1) * per) / ((Date.now() - began) / 1000))} memories/s)`);
    }
    return per * tenants;
  };
  log(`other tenants, first size: ${SMALL_TENANTS} tenants, ${SMALL_MEMORIES} memories`);
  const othersSmall = await grow(0, SMALL_TENANTS, SMALL_MEMORIES);
  await d.close();
  fs.cpSync(small, big, { recursive: true });
  d = await Deployment.start(big, port);
  log(`other tenants grow 10x in ${big}: ${TENANTS} tenants, ${MEMORIES} memories`);
  const othersBig = othersSmall + (await grow(SMALL_TENANTS, TENANTS - SMALL_TENANTS, MEMORIES - SMALL_MEMORIES));
  await d.close();
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim();
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    tenants: TENANTS,
    memories: MEMORIES,
    target: TARGET,
    key,
    others_small: othersSmall,
    others_big: othersBig,
    seeded_at: new Date().toISOString(),
    seed_seconds: Math.round((Date.now() - started) / 1000),
    commit,
  };
  fs.writeFileSync(path.join(root, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`seeded in ${manifest.seed_seconds} s; manifest ${path.join(root, "manifest.json")}`);
  return manifest;
}

async function main() {
  const scratch = !values["data-dir"];
  const root = scratch ? fs.mkdtempSync(path.join(os.tmpdir(), "bench-workspace-")) : path.resolve(values["data-dir"]!);
  fs.mkdirSync(root, { recursive: true });
  // One port for both sizes: the routes' clients keep the deployment's URL they first read.
  const port = await freePortPair();
  Object.assign(process.env, { CONVEX_LOCAL_URL: `http://127.0.0.1:${port}`, TENANTRY_SYSTEM_SECRET: SECRET });
  try {
    let manifest = readManifest(root);
    if (manifest && (manifest.tenants !== TENANTS || manifest.memories !== MEMORIES || manifest.target !== TARGET))
      throw new Error(
        `${root} holds another size (--tenants ${manifest.tenants} --memories ${manifest.memories} --target ${manifest.target}): give those, or another --data-dir`,
      );
    if (manifest) log(`reusing the dataset in ${root} (seeded ${manifest.seeded_at} at ${manifest.commit})`);
    else manifest = await seedAll(root, port);
    if (values["seed-only"]) return;
    const key = manifest.key;

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
    const measure = async (d: Deployment) => {
      const q = rng(99);
      for (let i = 0; i < 20; i++) await recall({ query: sentence(q, 2) });
      const text: number[] = [];
      let meter = await cpuMeter(d);
      for (let i = 0; i < QUERIES; i++) text.push(await recall({ query: sentence(q, 2), limit: 10 }));
      const textCpu = await meter();
      const v = rng(5);
      for (let i = 0; i < 5; i++) await recall({ embedding: vector(v), limit: 10 });
      const vec: number[] = [];
      meter = await cpuMeter(d);
      for (let i = 0; i < QUERIES; i++) vec.push(await recall({ embedding: vector(v), limit: 10 }));
      const vecCpu = await meter();
      return {
        // The machine's 1-minute load average as the recalls end (uptime's first figure): on a shared machine, the
        // latency figures are only comparable between runs made at a similar load.
        load: Math.round(os.loadavg()[0] * 100) / 100,
        text_p50: percentile(text, 50),
        text_p95: percentile(text, 95),
        text_cpu: perCall(textCpu.total, QUERIES),
        text_cpu_deployment: perCall(textCpu.deployment, QUERIES),
        vector_p50: percentile(vec, 50),
        vector_p95: percentile(vec, 95),
        vector_cpu: perCall(vecCpu.total, QUERIES),
        vector_cpu_deployment: perCall(vecCpu.deployment, QUERIES),
      };
    };
    const profile = values["cpu-prof"];
    const line = (m: Awaited<ReturnType<typeof measure>>) =>
      `  recall text p95 ${m.text_p95} ms (CPU ${m.text_cpu} ms, deployment ${m.text_cpu_deployment}), vector p95 ${m.vector_p95} ms (CPU ${m.vector_cpu} ms, deployment ${m.vector_cpu_deployment}); load ${m.load}`;

    log(`measuring with other tenants at the first size (${manifest.others_small} memories)...`);
    let d = await Deployment.start(path.join(root, "small"), port, profile);
    await barrier("small");
    const small = await measure(d);
    await d.close();
    log(line(small));
    log(`measuring with other tenants grown 10x (${manifest.others_big} memories)...`);
    d = await Deployment.start(path.join(root, "big"), port, profile);
    await barrier("big");
    const big = await measure(d);
    log(line(big));

    await barrier("messages");
    const meter = await cpuMeter(d);
    const messages = await messagesPerSecond(base, key);
    const messagesCpu = await meter();
    log(`messages: ${messages.delivered} sent and checked in ${messages.seconds} s`);
    const mcp = await mcpLatency(base, key);
    log(`mcp recall p95 ${mcp.p95} ms`);
    await d.close();

    const result = {
      tenants: manifest.tenants + 1,
      memories_total: manifest.others_big + TARGET,
      target_memories: TARGET,
      others_small: manifest.others_small,
      others_big: manifest.others_big,
      recall_text_p95_ms: big.text_p95,
      recall_text_p95_ms_small: small.text_p95,
      recall_text_p50_ms: big.text_p50,
      recall_text_cpu_ms: big.text_cpu,
      recall_text_cpu_ms_deployment: big.text_cpu_deployment,
      recall_text_cpu_ms_small: small.text_cpu,
      recall_vector_p95_ms: big.vector_p95,
      recall_vector_p95_ms_small: small.vector_p95,
      recall_vector_p50_ms: big.vector_p50,
      recall_vector_cpu_ms: big.vector_cpu,
      recall_vector_cpu_ms_deployment: big.vector_cpu_deployment,
      recall_vector_cpu_ms_small: small.vector_cpu,
      load_avg: big.load,
      load_avg_small: small.load,
      messages_per_s: Math.round(messages.delivered / messages.seconds),
      message_cpu_ms: perCall(messagesCpu.total, messages.delivered, 3),
      message_cpu_ms_deployment: perCall(messagesCpu.deployment, messages.delivered, 3),
      mcp_tool_call_p95_ms: mcp.p95,
      mcp_tool_call_p50_ms: mcp.p50,
      data_dir: scratch ? null : root,
      targets: { recall_text_p95_ms: 15, recall_vector_p95_ms: 25, messages_per_s: 2000 },
    };
    if (values.json) console.log(JSON.stringify(result));
    else console.table(result);
    server.close();
  } finally {
    if (scratch) fs.rmSync(root, { recursive: true, force: true });
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
  // Channels of this run only: a reused dataset keeps earlier runs' messages.
  const run = randomBytes(4).toString("hex");
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
          messages: Array.from({ length: 100 }, (_, i) => ({
            from: "tau",
            channel: `worker${w}-${run}`,
            content: `job ${i} for worker ${w}`,
          })),
        });
        const got = await post("/api/v1/messages/check", { recipient: `worker${w}-${run}`, recipientInstanceId: "main", limit: 200 });
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
