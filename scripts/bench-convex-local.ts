/**
 * `npm run bench:convex-local [-- --docs N] [-- --json]`
 *
 * Measures convex-local through the real `convex` clients, against the same
 * rows read straight from its SQLite file and against convex-test (the
 * official in-memory mock). convex-local runs in a process of its own, as
 * `npm start` and `npm run convex:local` run it, and the clients in another:
 *
 *   index_page_p95_ms        a 50-row page by index (limits:page, `withIndex(by_group_seq).take(50)`)
 *                            from a table of --docs documents, as a one-shot `ConvexClient.query`
 *                            over the WebSocket sync protocol (the client the dashboard's live
 *                            pages use: subscribe, first result, unsubscribe)
 *   raw_sqlite_page_p95_ms   the same 50 rows by a hand-written SQL query on the same file
 *                            (better-sqlite3, rows parsed), the floor for any SQLite-backed design
 *   convex_test_page_p95_ms  the same page from convex-test holding convex_test_docs documents
 *   speedup_vs_convex_test   convex-test p95 / convex-local p95, both at convex_test_docs
 *   insert_per_s             single-document mutations acknowledged to ConvexClients (WebSocket,
 *                            pipelined), each committed to the WAL before its reply (durable
 *                            across kill -9: WAL with synchronous=NORMAL, see store.ts)
 *   reactive_update_p95_ms   mutation sent → subscriber callback, with 500 live subscriptions
 *                            (10 clients × 50 queries; each mutation changes one of them)
 *
 * and, for context: the same page through ConvexHttpClient (http_page_*: the
 * HTTP API, as server components call it), the same query run inside the
 * server process (engine_*: no client, no network), each client against a
 * bare server that answers with the page already serialized (ws_floor_*,
 * http_floor_*: the clients and the loopback alone, the least any backend can
 * cost through them), and one mutation that changes all 500 subscriptions
 * (reactive_fanout_500_*). The page timings are interleaved request by
 * request, so the paths compared see the same machine: the WebSocket paths
 * with raw SQL in one pass, the HTTP paths with raw SQL again in a second.
 * The bare server runs in the convex-local process (idle while it answers).
 *
 * Vector search (issue 15), in a process and data directory of their own
 * (fixture tests/convex-local/fixtures/vector: 1,536-dimension embeddings, filter field `tenant`):
 *
 *   vector_search_p95_ms       an action's `ctx.vectorSearch` (limit 10, `q.eq("tenant", ...)`)
 *                              through ConvexHttpClient, for a tenant with --vector-tenant vectors
 *                              (10,000) while --vector-others vectors of 100 other tenants sit in
 *                              the same table and index
 *   vector_search_100k_p95_ms  the same for a tenant with --vector-big vectors (100,000)
 *
 * and, for what dominates: the same search inside the server (vector_engine_*: no client) and
 * the partition's SQLite range scan alone (vector_scan_*: rows read, nothing scored).
 *
 * Targets (issue 2): index page ≤ 3x raw SQLite; ≥ 100x faster than convex-test
 * at 100,000 docs; ≥ 1,000 inserts/s; reactive update p95 ≤ 50 ms. Issue 15:
 * vector_search_p95_ms ≤ 20 ms.
 *
 * Seeding goes through the real mutation path (limits:fill, 8,000 inserts per
 * mutation). Each part runs in its own process (--part, internal): the
 * convex-local server, the clients measuring it, convex-test (which installs
 * its own global `Convex`), and the clients again at convex-test's size.
 *
 * Options: --docs N (default 1,000,000), --convex-test-docs N (default 100,000),
 * --samples N (timed requests per path, default 1,000, after 500 warm-up ones),
 * --json (one JSON object on the last line), --keep-data DIR (seed into DIR and
 * DIR-<convex-test-docs>, and keep them; reused when they hold the same seed).
 * --vector-others N (default 1,000,000: 1,536-dim vectors are ~6 KiB in the index plus
 * ~10 KiB of document each, so the default needs ~16 GB of disk and a long seed),
 * --vector-tenant N (10,000), --vector-big N (100,000), --vector-samples N (200),
 * --only-vector (skip everything else), --skip-vector (everything but vector search). Progress goes to stderr.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import WebSocket from "ws";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { startConvexServer } from "../lib/local/convex/server";
import { silentLogger } from "../lib/local/convex/log";
import { encodeTuple, encodeValue } from "../lib/local/convex/values";
import { READ_PRAGMAS } from "../lib/local/convex/store";
import { startFloorServer } from "./bench/transport-floors";
import { startConvexLocal, type ConvexLocalHandle } from "../lib/local/convex/index";
import { vectorSearch } from "../lib/local/convex/vector";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const APP = path.join(ROOT, "tests", "convex-local", "fixtures", "app");
const VECTOR_APP = path.join(ROOT, "tests", "convex-local", "fixtures", "vector");
const api = anyApi;
const PAGE = 50;
const PAYLOAD = 100; // bytes of payload per document (documents are ~170 bytes as JSON)
const SEED_BATCH = 8000; // documents per seeding mutation (Convex allows 16,000 writes per mutation)
const WARMUP = 500; // requests before timing starts (JIT, caches)
const CONVEX_TEST_SAMPLES = 300; // convex-test takes ~130 ms a page: 300 keep its p95 steady in under a minute

type Args = {
  docs: number;
  convexTestDocs: number;
  samples: number;
  json: boolean;
  vectorOthers: number;
  vectorTenant: number;
  vectorBig: number;
  vectorSamples: number;
  onlyVector: boolean;
  skipVector: boolean;
  keepData: string | null;
  part: string | null;
  dataDir: string | null;
};

function parseArgs(argv: string[]): Args {
  const args: Args = {
    docs: 1_000_000,
    convexTestDocs: 100_000,
    samples: 1000,
    json: false,
    vectorOthers: 1_000_000,
    vectorTenant: 10_000,
    vectorBig: 100_000,
    vectorSamples: 200,
    onlyVector: false,
    skipVector: false,
    keepData: null,
    part: null,
    dataDir: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const n = Number(String(argv[++i]).replace(/_/g, ""));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`);
      return n;
    };
    if (a === "--docs") args.docs = num();
    else if (a === "--convex-test-docs") args.convexTestDocs = num();
    else if (a === "--samples") args.samples = num();
    else if (a === "--json") args.json = true;
    else if (a === "--vector-others") args.vectorOthers = num();
    else if (a === "--vector-tenant") args.vectorTenant = num();
    else if (a === "--vector-big") args.vectorBig = num();
    else if (a === "--vector-samples") args.vectorSamples = num();
    else if (a === "--only-vector") args.onlyVector = true;
    else if (a === "--skip-vector") args.skipVector = true;
    else if (a === "--keep-data") args.keepData = path.resolve(argv[++i]);
    else if (a === "--part") args.part = argv[++i];
    else if (a === "--data-dir") args.dataDir = path.resolve(argv[++i]);
    else if (a === "--") continue;
    else
      throw new Error(
        `Unknown argument ${a}. Usage: bench-convex-local [--docs N] [--convex-test-docs N] [--samples N] [--json] [--keep-data DIR] [--vector-others N] [--vector-tenant N] [--vector-big N] [--vector-samples N] [--only-vector] [--skip-vector]`,
      );
  }
  return args;
}

const progress = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** `p`, or an error naming what did not happen within `ms`. */
async function within<T>(p: Promise<T>, what: string, ms = 60_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Deterministic pseudo-random numbers, so every system reads the same pages. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The data set: `docs` documents spread over up to 100 groups, seq 0.. within a group. */
function layout(docs: number) {
  const groups = Math.max(1, Math.min(100, Math.floor(docs / 1000)));
  const sizes = Array.from({ length: groups }, (_, g) => Math.floor(docs / groups) + (g < docs % groups ? 1 : 0));
  return { groups, sizes };
}

/** The pages every system reads: (group, after) pairs with a full 50-row page after them. */
function pages(docs: number, count: number, seed = 42) {
  const { groups, sizes } = layout(docs);
  const rand = rng(seed);
  return Array.from({ length: count }, () => {
    const group = Math.floor(rand() * groups);
    const after = Math.floor(rand() * Math.max(1, sizes[group] - PAGE)) - 1;
    return { group, after, n: PAGE };
  });
}

// ---------------------------------------------------------------- seeding

async function seed(url: string, docs: number, label: string) {
  const { sizes } = layout(docs);
  const client = new ConvexHttpClient(url, { logger: false });
  // Seeding goes in (group, seq) order, so the last document tells whether a kept data dir is complete.
  const last = sizes.length - 1;
  const tail = (await client.query(api.limits.page, { group: last, after: sizes[last] - 2, n: 2 })) as unknown[];
  const any = (await client.query(api.limits.page, { group: 0, after: -1, n: 1 })) as unknown[];
  if (tail.length === 1) {
    progress(`${label}: reusing ${docs.toLocaleString()} seeded documents`);
    return;
  }
  if (any.length > 0) throw new Error("The data dir holds a partial or different seed; remove it or pick another --keep-data dir.");
  const started = performance.now();
  progress(
    `${label}: seeding ${docs.toLocaleString()} documents (${PAYLOAD}-byte payloads) by ${SEED_BATCH.toLocaleString()}-document mutations`,
  );
  let written = 0;
  let lastReport = 0;
  let batch = SEED_BATCH;
  for (let group = 0; group < sizes.length; group++) {
    for (let from = 0; from < sizes[group];) {
      const count = Math.min(batch, sizes[group] - from);
      try {
        await client.mutation(api.limits.fill, { group, from, count, size: PAYLOAD });
      } catch (e) {
        // A mutation has 1 s, as on Convex; on a slow or busy machine, use smaller ones.
        if (!/timed out/.test((e as Error).message) || batch <= 500) throw e;
        batch = Math.floor(batch / 2);
        progress(`a ${count}-document mutation hit the 1 s limit; continuing with ${batch}`);
        continue;
      }
      from += count;
      written += count;
      const now = performance.now();
      if (now - lastReport > 2000 || written === docs) {
        lastReport = now;
        const rate = written / ((now - started) / 1000);
        progress(`${label}: seeded ${written.toLocaleString()} / ${docs.toLocaleString()} (${Math.round(rate).toLocaleString()} docs/s)`);
      }
    }
  }
  return written / ((performance.now() - started) / 1000);
}

// ---------------------------------------------------------------- the server process

type Page = { group: number; after: number; n: number };
type ServerRequest = { type: "engine"; page: Page } | { type: "floor"; page: Page } | { type: "close" };

/**
 * The convex-local server in a process of its own (--part server). Besides
 * serving the clients, it answers the benchmark over IPC: time one page inside
 * the server (no client, no network), start the bare floor server with a
 * page's serialized value, close.
 */
async function serverPart(dataDir: string) {
  const server = await startConvexServer({ dataDir, port: 0, functionsDir: APP, log: silentLogger });
  let floor: Awaited<ReturnType<typeof startFloorServer>> | null = null;
  const reply = (msg: unknown) => process.send!(msg);
  process.on("message", (msg: ServerRequest) => {
    void (async () => {
      if (msg.type === "engine") {
        const t0 = performance.now();
        const r = await server.runtime.runQuery("limits:page", msg.page, null);
        const ms = performance.now() - t0;
        reply({ ms, rows: (r.value as unknown[]).length });
      } else if (msg.type === "floor") {
        floor ??= await startFloorServer((await server.runtime.runQuery("limits:page", msg.page, null)).json);
        reply({ url: floor.url });
      } else {
        await floor?.close();
        await server.close();
        reply({});
        process.exit(0);
      }
    })().catch((e: Error) => reply({ error: e.message }));
  });
  reply({ url: server.url });
}

/** The parent's side of the server process: one request at a time. */
class ServerProcess {
  private constructor(
    private child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(dataDir: string): Promise<ServerProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--part", "server", "--data-dir", dataDir], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const first = await within(
      new Promise<{ url: string }>((resolve, reject) => {
        child.once("message", (m) => resolve(m as { url: string }));
        child.once("exit", (code) => reject(new Error(`the convex-local server process exited (${code}) before it was ready`)));
      }),
      "the convex-local server process",
    );
    return new ServerProcess(child, first.url);
  }

  /** The server's answer; its error, or its exit, as a rejection (a benchmark never waits forever). */
  ask<T>(msg: ServerRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the convex-local server process exited (${code}) during the benchmark`));
      this.child.once("exit", exited);
      this.child.once("message", (m: { error?: string }) => {
        this.child.off("exit", exited);
        if (m.error) reject(new Error(`the convex-local server process failed: ${m.error}`));
        else resolve(m as T);
      });
      this.child.send(msg);
    });
  }

  async close() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    await this.ask({ type: "close" });
    await exited;
  }
}

// ---------------------------------------------------------------- measurements

type PathName = "page" | "http" | "raw" | "engine" | "wsFloor" | "httpFloor";
/** One way to read a page; `run` may return the time it measured itself (the in-server path). */
type Timer = { name: PathName; work: Page[]; run(args: Page): Promise<number | void> | number | void; times: number[] };

/**
 * The 50-row page up to six ways, interleaved request by request, so the paths
 * of a pass see the same machine conditions (timed one after another on a shared or
 * busy machine, they would compare different moments):
 *
 *   page       ConvexClient (WebSocket) → convex-local (index_page_p95_ms)
 *   http       ConvexHttpClient → convex-local
 *   raw        hand-written SQL on the same file, same settings, rows parsed (raw_sqlite_page_p95_ms)
 *   engine     the same query run by convex-local's runtime, timed inside the server process
 *   wsFloor    ConvexClient → a bare sync server answering with an already-serialized page
 *   httpFloor  ConvexHttpClient → the same bare server over HTTP
 *
 * Each path reads its own random pages (new ones in each pass), so none warms another's rows. The
 * WebSocket and HTTP paths are timed in two passes (`only`): the HTTP client's
 * garbage would otherwise land on the WebSocket timings, and the other way round.
 */
async function measureInterleaved(server: ServerProcess, file: string, docs: number, samples: number, only: PathName[], pass: number) {
  const ws = wsClient(server.url);
  const http = new ConvexHttpClient(server.url, { logger: false });

  const db = new Database(file, { readonly: true });
  for (const p of READ_PRAGMAS) db.pragma(p); // the same settings convex-local's connections use
  const indexId = db.prepare("SELECT id FROM indexes WHERE tbl = 'docs' AND name = 'by_group_seq'").pluck().get() as number;
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(indexId);
  const stmt = db
    .prepare("SELECT d.json FROM idx i JOIN docs d ON d.id = i.id WHERE i.key >= ? AND i.key < ? ORDER BY i.key LIMIT ?")
    .pluck();
  // (group = g AND seq > after): from just past every key that starts (g, after) to the end of group g.
  const rawPage = ({ group, after, n }: Page) => {
    const g = encodeTuple(prefix, [group]);
    const lower = Buffer.concat([encodeTuple(g, [after]), Buffer.from([0xff])]);
    return (stmt.all(lower, Buffer.concat([g, Buffer.from([0xff])]), n) as string[]).map((j) => JSON.parse(j) as { _id: string });
  };

  // Every path reads the same rows for the same page.
  const probe = pages(docs, 1, 99)[0];
  const ids = (rows: { _id: string }[]) => JSON.stringify(rows.map((d) => d._id));
  const expected = ids(rawPage(probe));
  for (const [name, rows] of [
    ["ConvexClient", await ws.query(api.limits.page, probe)],
    ["ConvexHttpClient", await http.query(api.limits.page, probe)],
  ] as const) {
    if (ids(rows as { _id: string }[]) !== expected)
      throw new Error(`raw SQLite and convex-local via ${name} returned different rows for the same page`);
  }

  const floor = await server.ask<{ url: string }>({ type: "floor", page: probe });
  const wsFloor = wsClient(floor.url);
  const httpFloor = new ConvexHttpClient(floor.url, { logger: false });

  const n = samples + WARMUP;
  const check = (rows: unknown[]) => {
    if (rows.length !== PAGE) throw new Error(`a page had ${rows.length} rows, not ${PAGE}`);
  };
  const allTimers: Timer[] = [
    {
      name: "page",
      work: pages(docs, n, 1 + 10 * pass),
      run: async (a) => check((await ws.query(api.limits.page, a)) as unknown[]),
      times: [],
    },
    {
      name: "http",
      work: pages(docs, n, 5 + 10 * pass),
      run: async (a) => check((await http.query(api.limits.page, a)) as unknown[]),
      times: [],
    },
    { name: "raw", work: pages(docs, n, 2 + 10 * pass), run: (a) => check(rawPage(a)), times: [] },
    {
      name: "engine",
      work: pages(docs, n, 3 + 10 * pass),
      run: async (a) => {
        const r = await server.ask<{ ms: number; rows: number }>({ type: "engine", page: a });
        check(Array.from({ length: r.rows }));
        return r.ms;
      },
      times: [],
    },
    {
      name: "wsFloor",
      work: pages(docs, n, 4 + 10 * pass),
      run: async (a) => check((await wsFloor.query(api.limits.page, a)) as unknown[]),
      times: [],
    },
    {
      name: "httpFloor",
      work: pages(docs, n, 6 + 10 * pass),
      run: async (a) => check((await httpFloor.query(api.limits.page, a)) as unknown[]),
      times: [],
    },
  ];
  const timers = allTimers.filter((t) => only.includes(t.name));
  try {
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < timers.length; k++) {
        const timer = timers[(i + k) % timers.length]; // rotate, so no path always runs first
        const t0 = performance.now();
        const own = await timer.run(timer.work[i]);
        if (i >= WARMUP) timer.times.push(typeof own === "number" ? own : performance.now() - t0);
      }
    }
  } finally {
    db.close();
    await Promise.all([ws.close(), wsFloor.close()]);
  }
  const stats = (name: PathName) => {
    const times = timers.find((x) => x.name === name)!.times;
    return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
  };
  return Object.fromEntries(timers.map((t) => [t.name, stats(t.name)])) as Partial<Record<PathName, Percentiles>>;
}

function wsClient(url: string) {
  return new ConvexClient(url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    logger: false,
    unsavedChangesWarning: false,
  });
}

/** Single-document mutations acknowledged to pipelining ConvexClients. */
async function measureInserts(url: string, total = 6000, clients = 4, inFlightPerClient = 64) {
  const cs = Array.from({ length: clients }, () => wsClient(url));
  await Promise.all(cs.map((c) => c.query(api.counters.get, { name: "warm" })));
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    cs.flatMap((c) =>
      Array.from({ length: inFlightPerClient }, async () => {
        while (issued < total) {
          const n = issued++;
          await c.mutation(api.bench.insertOne, { label: "insert-bench", at: n });
        }
      }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(cs.map((c) => c.close()));
  return total / seconds;
}

/** Mutation → callback latency for one of 500 live subscriptions (spread over 10 clients). */
async function measureReactive(url: string, subscriptions = 500, clients = 10, samples = 200) {
  const subs = Array.from({ length: clients }, () => wsClient(url));
  const latest = new Map<number, number>();
  const waiters = new Map<number, { value: number; resolve: () => void }>();
  const unsubs: (() => void)[] = [];
  for (let i = 0; i < subscriptions; i++) {
    unsubs.push(
      subs[i % clients].onUpdate(api.counters.get, { name: `sub-${i}` }, (v: number) => {
        latest.set(i, v);
        const w = waiters.get(i);
        if (w && v >= w.value) {
          waiters.delete(i);
          w.resolve();
        }
      }),
    );
  }
  const deadline = Date.now() + 60_000;
  while (latest.size < subscriptions) {
    if (Date.now() > deadline) throw new Error(`only ${latest.size} of ${subscriptions} subscriptions answered`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const writer = wsClient(url);
  await writer.query(api.counters.get, { name: "warm" });
  const rand = rng(7);
  const times: number[] = [];
  for (let s = 0; s < samples + 20; s++) {
    const k = Math.floor(rand() * subscriptions);
    const seen = new Promise<void>((resolve) => waiters.set(k, { value: (latest.get(k) ?? 0) + 1, resolve }));
    const t0 = performance.now();
    void writer.mutation(api.counters.increment, { name: `sub-${k}` });
    await within(seen, "a reactive update");
    if (s >= 20) times.push(performance.now() - t0);
  }
  for (const u of unsubs) u();
  await Promise.all([...subs, writer].map((c) => c.close()));
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/**
 * The worst case for the same 500 subscriptions: every one of them is affected
 * by each mutation (50 clients × 10 queries over one channel). Time from the
 * mutation to the last of the 500 callbacks.
 */
async function measureFanout(url: string, clients = 50, perClient = 10, samples = 30) {
  const writer = wsClient(url);
  const channel = `fanout-${Date.now()}`; // a fresh channel, also when --keep-data reuses a data dir
  for (let i = 0; i < 20; i++) await writer.mutation(api.messages.send, { channel, author: "bench", body: `m${i}`, likes: i });
  const cs = Array.from({ length: clients }, () => wsClient(url));
  let want = 20;
  let seen = 0;
  let done: () => void = () => {};
  for (const c of cs) {
    for (let q = 0; q < perClient; q++) {
      c.onUpdate(api.messages.likesBetween, { channel, min: -q, max: 1e9, strict: false }, (rows: unknown[]) => {
        if (rows.length === want && ++seen === clients * perClient) done();
      });
    }
  }
  await within(new Promise<void>((r) => (done = r)), "the fan-out subscriptions' first results");
  const times: number[] = [];
  for (let s = 0; s < samples + 5; s++) {
    seen = 0;
    want += 1;
    const all = new Promise<void>((r) => (done = r));
    const t0 = performance.now();
    void writer.mutation(api.messages.send, { channel, author: "bench", body: "x", likes: 1 });
    await within(all, "a fan-out update");
    if (s >= 5) times.push(performance.now() - t0);
  }
  await Promise.all([...cs, writer].map((c) => c.close()));
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

// ---------------------------------------------------------------- convex-test (own process: it installs its own global `Convex`)

async function convexTestPart(docs: number, samples: number) {
  const { convexTest } = await import("convex-test");
  const schema = (await import(pathToFileURL(path.join(APP, "schema.ts")).href)).default;
  const modules = {
    [`${APP}/_generated/api.js`]: () => import(pathToFileURL(path.join(APP, "_generated", "api.js")).href),
    [`${APP}/_generated/server.js`]: () => import(pathToFileURL(path.join(APP, "_generated", "server.js")).href),
    [`${APP}/limits.ts`]: () => import(pathToFileURL(path.join(APP, "limits.ts")).href),
  };
  const t = convexTest(schema, modules);
  const { sizes } = layout(docs);
  const payload = "x".repeat(PAYLOAD);
  let written = 0;
  for (let group = 0; group < sizes.length; group++) {
    await t.run(async (ctx) => {
      for (let seq = 0; seq < sizes[group]; seq++) await ctx.db.insert("docs", { group, seq, payload });
    });
    written += sizes[group];
    if (group % 10 === 9 || group === sizes.length - 1)
      progress(`convex-test: seeded ${written.toLocaleString()} / ${docs.toLocaleString()}`);
  }
  const work = pages(docs, samples + 3);
  const times: number[] = [];
  for (const [i, args] of work.entries()) {
    const t0 = performance.now();
    const page = (await t.query(api.limits.page, args)) as unknown[];
    const ms = performance.now() - t0;
    if (page.length !== PAGE) throw new Error("convex-test returned a short page");
    if (i >= 3) times.push(ms);
  }
  return { docs, p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/**
 * Runs one part of the benchmark in a fresh process (this script with --part):
 * each part's timings start from a clean heap and JIT state, and convex-test
 * installs its own global `Convex`, so it cannot share a process with convex-local.
 */
function runPart<T>(part: string, extra: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--part", part, ...extra], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code === 0) resolve(JSON.parse(last));
      else reject(new Error(`benchmark part ${part} failed (exit ${code})`));
    });
  });
}

// ---------------------------------------------------------------- vector search

const VECTOR_DIMS = 1536;
const VECTOR_BATCH = 500; // documents per seeding mutation (~12 KB each as Convex counts them; 16 MB allowed)
const OTHER_TENANTS = 100;

/**
 * Seeds `count` vectors of `tenant` through the real insert path (in-process
 * mutations). Components have three decimals, so each document's JSON stays
 * near 10 KB; the index stores Float32 either way, so the search cost is the same.
 */
async function seedVectors(t: ConvexLocalHandle, tenants: (i: number) => string, count: number, seed: number) {
  const rand = rng(seed);
  for (let done = 0; done < count; done += VECTOR_BATCH) {
    const n = Math.min(VECTOR_BATCH, count - done);
    const rows = Array.from({ length: n }, (_, i) => ({
      tenant: tenants(done + i),
      embedding: Array.from({ length: VECTOR_DIMS }, () => Math.round((rand() - 0.5) * 2000) / 1000),
    }));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- t.run's ctx is the untyped GenericMutationCtx
    await t.run(async (ctx: any) => {
      for (const row of rows) await ctx.db.insert("chunks", row);
    });
    if ((done / VECTOR_BATCH) % 40 === 0) progress(`  ${(done + n).toLocaleString()} / ${count.toLocaleString()}`);
  }
}

type VectorTimes = { http: Percentiles; engine: Percentiles; scan: Percentiles; scanMb: number };

async function vectorPart(dataDir: string, args: Args) {
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir: VECTOR_APP });
  try {
    const store = t.server.runtime.store;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- t.run's ctx is the untyped GenericMutationCtx
    const empty = (await t.run(async (ctx: any) => ctx.db.query("chunks").first())) === null;
    const started = performance.now();
    if (empty) {
      progress(`vector: seeding ${args.vectorOthers.toLocaleString()} vectors of ${OTHER_TENANTS} other tenants`);
      await seedVectors(t, (i) => `other-${i % OTHER_TENANTS}`, args.vectorOthers, 1);
      progress(`vector: seeding ${args.vectorTenant.toLocaleString()} vectors of tenant t-small`);
      await seedVectors(t, () => "t-small", args.vectorTenant, 2);
      progress(`vector: seeding ${args.vectorBig.toLocaleString()} vectors of tenant t-big`);
      await seedVectors(t, () => "t-big", args.vectorBig, 3);
    }
    const seedS = (performance.now() - started) / 1000;
    const client = new ConvexHttpClient(t.url, { logger: false });
    const def = store.vectorIndexes.get("chunks.by_embedding")!;
    const scanStmt = store.reader.prepare("SELECT id, v FROM vec WHERE ix = ? AND f = 0 AND val = ?").raw();
    const rand = rng(7);
    const query = () => Array.from({ length: VECTOR_DIMS }, () => rand() - 0.5);
    const measure = async (tenant: string, samples: number): Promise<VectorTimes> => {
      const http: number[] = [];
      const engine: number[] = [];
      for (let i = -Math.min(20, samples); i < samples; i++) {
        const vector = query();
        let s = performance.now();
        const viaHttp = (await client.action(api.vector.search, { tenant, vector, limit: 10 })) as { _id: string }[];
        const h = performance.now() - s;
        s = performance.now();
        const direct = vectorSearch(store, {
          indexName: "chunks.by_embedding",
          vector,
          limit: 10,
          expressions: { $eq: [{ $field: "tenant" }, { $literal: tenant }] },
        });
        const e = performance.now() - s;
        if (viaHttp.length !== direct.length || viaHttp[0]?._id !== direct[0]?._id)
          throw new Error("vector search: HTTP and engine disagree");
        if (i >= 0) {
          http.push(h);
          engine.push(e);
        }
      }
      const pct = (xs: number[]) => ({ p50: percentile(xs, 0.5), p95: percentile(xs, 0.95) });
      return { http: pct(http), engine: pct(engine), scan: { p50: 0, p95: 0 }, scanMb: 0 };
    };
    // The scan alone, in passes of their own after every client call: its per-row Buffers would put garbage
    // collection into the timings above, and its minutes of synchronous work would outlast the HTTP keep-alive.
    const scanPass = (tenant: string, samples: number, into: VectorTimes) => {
      const val = encodeValue(tenant);
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const s = performance.now();
        let bytes = 0;
        for (const [, blob] of scanStmt.iterate(def.id, val) as Iterable<[string, Buffer]>) bytes += blob.length;
        times.push(performance.now() - s);
        into.scanMb = bytes / 1e6;
      }
      into.scan = { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
    };
    progress(`vector: timing ${args.vectorSamples} searches of t-small (${args.vectorTenant.toLocaleString()} vectors)`);
    const small = await measure("t-small", args.vectorSamples);
    progress(
      `vector: timing ${Math.max(20, Math.round(args.vectorSamples / 4))} searches of t-big (${args.vectorBig.toLocaleString()} vectors)`,
    );
    const big = await measure("t-big", Math.max(20, Math.round(args.vectorSamples / 4)));
    progress("vector: timing the partition scans alone");
    scanPass("t-small", Math.min(50, args.vectorSamples), small);
    scanPass("t-big", 10, big);
    const fileGb = fs.statSync(path.join(dataDir, "convex.sqlite3")).size / 1e9;
    return { small, big, seedS: empty ? seedS : null, fileGb };
  } finally {
    await t.close();
  }
}
type VectorResult = Awaited<ReturnType<typeof vectorPart>>;

function vectorFields(args: Args, v: VectorResult) {
  return {
    vector_search_p95_ms: round(v.small.http.p95),
    vector_search_100k_p95_ms: round(v.big.http.p95),
    vector_search_p50_ms: round(v.small.http.p50),
    vector_search_100k_p50_ms: round(v.big.http.p50),
    vector_engine_p95_ms: round(v.small.engine.p95),
    vector_engine_100k_p95_ms: round(v.big.engine.p95),
    vector_scan_p95_ms: round(v.small.scan.p95),
    vector_scan_100k_p95_ms: round(v.big.scan.p95),
    vector_scan_mb: round(v.small.scanMb, 1),
    vector_dimensions: VECTOR_DIMS,
    vector_tenant_vectors: args.vectorTenant,
    vector_big_tenant_vectors: args.vectorBig,
    vector_other_vectors: args.vectorOthers,
    vector_method:
      "exact: the tenant's partition (SQLite range scan of Float32 BLOBs, cached in memory until a write) scored by cosine with f32x4 SIMD",
    vector_data_file_gb: round(v.fileGb, 2),
    vector_seed_s: v.seedS === null ? null : round(v.seedS, 1),
  };
}

function vectorRows(v: VectorResult): [string, string][] {
  const ms = (p: Percentiles) => `${round(p.p50)} / ${round(p.p95)} ms`;
  return [
    ["vector search, 10k-vector tenant (ConvexHttpClient) p50 / p95", ms(v.small.http)],
    ["  same search inside the server p50 / p95", ms(v.small.engine)],
    ["  partition scan alone (SQLite) p50 / p95", ms(v.small.scan)],
    ["vector search, 100k-vector tenant (ConvexHttpClient) p50 / p95", ms(v.big.http)],
    ["  same search inside the server p50 / p95", ms(v.big.engine)],
    ["  partition scan alone (SQLite) p50 / p95", ms(v.big.scan)],
    [`${v.small.http.p95 <= 20 ? "✓" : "✗"} vector search p95`, `${round(v.small.http.p95)} ms (≤ 20 ms)`],
  ];
}

// ---------------------------------------------------------------- main

/** convex-local with --docs documents: every measurement (part "local-full") or the page only ("local-pages"). */
async function localPart(dataDir: string, docs: number, samples: number, full: boolean) {
  const server = await ServerProcess.start(dataDir);
  try {
    const seedRate = (await seed(server.url, docs, `convex-local (${docs.toLocaleString()})`)) ?? null;
    // The page is timed the same way at every size (interleaved with the reference paths).
    progress(
      `${docs.toLocaleString()} docs: timing the 50-row page via ConvexClient, ConvexHttpClient, raw SQL, inside the server and against bare servers, interleaved`,
    );
    const file = path.join(dataDir, "convex.sqlite3");
    const viaWs = await measureInterleaved(server, file, docs, samples, ["page", "raw", "engine", "wsFloor"], 0);
    // Raw SQL again beside the HTTP paths, so their ratio compares one pass too.
    const viaHttp = await measureInterleaved(server, file, docs, samples, ["http", "raw", "httpFloor"], 1);
    const pages = { ...viaWs, http: viaHttp.http, httpFloor: viaHttp.httpFloor, httpRaw: viaHttp.raw } as PagesResult["pages"];
    if (!full) return { seedRate, pages };
    progress("measuring durable single-document inserts");
    const inserts = await measureInserts(server.url);
    progress("measuring reactive updates with 500 live subscriptions");
    const reactive = await measureReactive(server.url);
    progress("measuring a mutation that affects all 500 subscriptions");
    const fanout = await measureFanout(server.url);
    return { seedRate, pages, inserts, reactive, fanout };
  } finally {
    await server.close();
  }
}
type Percentiles = { p50: number; p95: number };
type PagesResult = { seedRate: number | null; pages: Record<PathName | "httpRaw", Percentiles> };
type FullResult = PagesResult & { inserts: number; reactive: Percentiles; fanout: Percentiles };

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.part === "server") return serverPart(args.dataDir!);
  if (args.part === "vector") {
    process.stdout.write(JSON.stringify(await vectorPart(args.dataDir!, args)) + "\n");
    return;
  }
  if (args.part) {
    const r =
      args.part === "convex-test"
        ? await convexTestPart(args.convexTestDocs, args.samples)
        : await localPart(args.dataDir!, args.docs, args.samples, args.part === "local-full");
    process.stdout.write(JSON.stringify(r) + "\n");
    return;
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-convex-local-"));
  const mainDir = args.keepData ?? path.join(scratch, "main");
  const smallDir = args.keepData ? `${args.keepData}-${args.convexTestDocs}` : path.join(scratch, "small");
  const vectorDir = args.keepData ? `${args.keepData}-vector-${args.vectorOthers}` : path.join(scratch, "vector");
  const vectorArgs = [
    "--data-dir",
    vectorDir,
    "--vector-others",
    String(args.vectorOthers),
    "--vector-tenant",
    String(args.vectorTenant),
    "--vector-big",
    String(args.vectorBig),
    "--vector-samples",
    String(args.vectorSamples),
  ];
  try {
    if (args.onlyVector) {
      const v = await runPart<VectorResult>("vector", vectorArgs);
      console.log(
        vectorRows(v)
          .map(([k, val]) => `${k}  ${val}`)
          .join("\n"),
      );
      if (args.json) console.log(JSON.stringify({ ...vectorFields(args, v), node: process.version, cpus: os.cpus().length }));
      return;
    }
    const main = await runPart<FullResult>("local-full", [
      "--data-dir",
      mainDir,
      "--docs",
      String(args.docs),
      "--samples",
      String(args.samples),
    ]);
    // convex-test runs alone in its own process, so nothing else competes with its timings.
    progress(`convex-test: seeding ${args.convexTestDocs.toLocaleString()} documents in a child process`);
    const convexTest = await runPart<{ docs: number } & Percentiles>("convex-test", [
      "--convex-test-docs",
      String(args.convexTestDocs),
      "--samples",
      String(CONVEX_TEST_SAMPLES),
    ]);
    // convex-local at convex-test's size (the main data set, when that is the same size).
    const small =
      args.convexTestDocs === args.docs
        ? main.pages
        : (
            await runPart<PagesResult>("local-pages", [
              "--data-dir",
              smallDir,
              "--docs",
              String(args.convexTestDocs),
              "--samples",
              String(args.samples),
            ])
          ).pages;
    const { page, http, raw, engine, wsFloor, httpFloor, httpRaw } = main.pages;
    const vector = args.skipVector
      ? null
      : (progress("vector search: in a process and data directory of its own"), await runPart<VectorResult>("vector", vectorArgs));

    const result = {
      docs: args.docs,
      index_page_p95_ms: round(page.p95),
      raw_sqlite_page_p95_ms: round(raw.p95),
      convex_test_docs: convexTest.docs,
      convex_test_page_p95_ms: round(convexTest.p95),
      speedup_vs_convex_test: round(convexTest.p95 / small.page.p95, 1),
      insert_per_s: Math.round(main.inserts),
      reactive_update_p95_ms: round(main.reactive.p95),
      // Context for the figures above.
      index_page_client: "ConvexClient (WebSocket sync protocol), server in its own process",
      index_page_p50_ms: round(page.p50),
      raw_sqlite_page_p50_ms: round(raw.p50),
      index_page_vs_raw_sqlite: round(page.p95 / raw.p95, 2),
      http_page_p50_ms: round(http.p50),
      http_page_p95_ms: round(http.p95),
      http_page_vs_raw_sqlite: round(http.p95 / httpRaw.p95, 2),
      raw_sqlite_page_p95_ms_http_pass: round(httpRaw.p95),
      engine_page_p50_ms: round(engine.p50),
      engine_page_p95_ms: round(engine.p95),
      ws_floor_p50_ms: round(wsFloor.p50),
      ws_floor_p95_ms: round(wsFloor.p95),
      http_floor_p50_ms: round(httpFloor.p50),
      http_floor_p95_ms: round(httpFloor.p95),
      convex_local_page_p50_ms_at_convex_test_docs: round(small.page.p50),
      convex_local_page_p95_ms_at_convex_test_docs: round(small.page.p95),
      http_page_p95_ms_at_convex_test_docs: round(small.http.p95),
      speedup_vs_convex_test_p50: round(convexTest.p50 / small.page.p50, 1),
      speedup_vs_convex_test_http: round(convexTest.p95 / small.http.p95, 1),
      convex_test_page_p50_ms: round(convexTest.p50),
      reactive_update_p50_ms: round(main.reactive.p50),
      reactive_fanout_500_p50_ms: round(main.fanout.p50),
      reactive_fanout_500_p95_ms: round(main.fanout.p95),
      seed_docs_per_s: main.seedRate === null ? null : Math.round(main.seedRate),
      ...(vector ? vectorFields(args, vector) : {}),
      node: process.version,
      cpus: os.cpus().length,
    };
    const targets: [string, string, boolean][] = [
      ["index page p95 vs raw SQLite p95", `${result.index_page_vs_raw_sqlite}x (≤ 3x)`, result.index_page_vs_raw_sqlite <= 3],
      [
        `speedup vs convex-test at ${convexTest.docs.toLocaleString()} docs`,
        `${result.speedup_vs_convex_test}x (≥ 100x)`,
        result.speedup_vs_convex_test >= 100,
      ],
      ["durable inserts/s", `${result.insert_per_s} (≥ 1,000)`, result.insert_per_s >= 1000],
      ["reactive update p95", `${result.reactive_update_p95_ms} ms (≤ 50 ms)`, result.reactive_update_p95_ms <= 50],
      ...(vector
        ? [
            ["vector search p95 (10k-vector tenant)", `${round(vector.small.http.p95)} ms (≤ 20 ms)`, vector.small.http.p95 <= 20] as [
              string,
              string,
              boolean,
            ],
          ]
        : []),
    ];
    const ms = (p: Percentiles) => `${round(p.p50)} / ${round(p.p95)} ms`;
    const rows: [string, string][] = [
      ["documents", args.docs.toLocaleString()],
      ["index page (ConvexClient) p50 / p95", ms(page)],
      ["same rows, raw SQLite p50 / p95", ms(raw)],
      ["  same page, ConvexHttpClient p50 / p95", ms(http)],
      ["  same query inside the server, no client p50 / p95", ms(engine)],
      ["  ConvexClient ↔ bare sync server p50 / p95", ms(wsFloor)],
      ["  ConvexHttpClient ↔ bare HTTP server p50 / p95", ms(httpFloor)],
      [
        `convex-test page at ${convexTest.docs.toLocaleString()} docs p50 / p95`,
        `${result.convex_test_page_p50_ms} / ${result.convex_test_page_p95_ms} ms`,
      ],
      [`convex-local page at ${convexTest.docs.toLocaleString()} docs p50 / p95`, ms(small.page)],
      ["durable single-doc inserts (ConvexClient)", `${result.insert_per_s.toLocaleString()} /s`],
      ["reactive update, 500 subscriptions p50 / p95", ms(main.reactive)],
      ["  one mutation affecting all 500 (last callback) p50 / p95", ms(main.fanout)],
      ...(result.seed_docs_per_s
        ? [["seeding (8,000-doc mutations)", `${result.seed_docs_per_s.toLocaleString()} docs/s`] as [string, string]]
        : []),
      ...(vector ? vectorRows(vector).slice(0, -1) : []),
      ...targets.map(([name, value, ok]): [string, string] => [`${ok ? "✓" : "✗"} ${name}`, value]),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n"));
    if (args.json) console.log(JSON.stringify(result));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
