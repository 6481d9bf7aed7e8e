import "server-only";
import { ConvexHttpClient } from "convex/browser";
import { getFunctionName, type FunctionReference } from "convex/server";
import { api } from "@/convex/_generated/api";
import { getEnv } from "@/lib/server/env";

/**
 * The timing buffer behind `tenantry debug slow-queries`. The gateway wraps each Convex
 * call with `timeCall`: on completion it adds the duration to an in-memory cell per
 * tenant x function x minute (a Map lookup and a few additions: nothing a request waits
 * on). Every FLUSH_MS the cells go to Convex in one batched system mutation
 * (admin/timings:record), off any request's path. Bounded: at most MAX_CELLS cells wait;
 * beyond that new cells are counted as dropped, and a failed flush is dropped, not
 * retried, so telemetry can never grow memory or slow the app.
 */
export const TIMING_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;
const FLUSH_MS = 10_000;
const MAX_CELLS = 5_000;
const BATCH = 500;

type Cell = {
  slug?: string;
  keyHash?: string;
  fn: string;
  minute: number;
  count: number;
  totalMs: number;
  maxMs: number;
  buckets: number[];
};
type State = { cells: Map<string, Cell>; dropped: number; timer: ReturnType<typeof setInterval> | null; client: ConvexHttpClient | null };

// One buffer per process: route handlers and pages are separate bundles in one Next process.
const slot = globalThis as typeof globalThis & { __tenantryTimings?: State };
const state: State = (slot.__tenantryTimings ??= { cells: new Map(), dropped: 0, timer: null, client: null });

const bucketOf = (ms: number) => {
  for (let i = 0; i < TIMING_BUCKETS_MS.length; i++) if (ms <= TIMING_BUCKETS_MS[i]) return i;
  return TIMING_BUCKETS_MS.length;
};

/** Which tenant a call is for, read off its arguments: a slug (portal, admin API) or an API key's hash (runtime API). */
function tenantOf(args: unknown): { slug?: string; keyHash?: string } | null {
  const a = args as { slug?: unknown; keyHash?: unknown } | null;
  if (a && typeof a.slug === "string") return { slug: a.slug };
  if (a && typeof a.keyHash === "string") return { keyHash: a.keyHash };
  return null;
}

/** Adds one finished call to its cell. Calls with no tenant are not kept. */
export function recordTiming(ref: FunctionReference<"query" | "mutation" | "action">, args: unknown, ms: number, now = Date.now()) {
  const tenant = tenantOf(args);
  if (!tenant) return;
  const fn = getFunctionName(ref);
  const minute = now - (now % 60_000);
  const key = `${tenant.slug ?? ""}|${tenant.keyHash ?? ""}|${fn}|${minute}`;
  let cell = state.cells.get(key);
  if (!cell) {
    if (state.cells.size >= MAX_CELLS) return void state.dropped++;
    cell = { ...tenant, fn, minute, count: 0, totalMs: 0, maxMs: 0, buckets: new Array(TIMING_BUCKETS_MS.length + 1).fill(0) };
    state.cells.set(key, cell);
    startFlushing();
  }
  cell.count++;
  cell.totalMs += ms;
  if (ms > cell.maxMs) cell.maxMs = ms;
  cell.buckets[bucketOf(ms)]++;
}

/** Times `call` and records it; the caller's promise is returned unchanged (errors included). */
export function timeCall<T>(ref: FunctionReference<"query" | "mutation" | "action">, args: unknown, call: Promise<T>): Promise<T> {
  const began = performance.now();
  const done = () => recordTiming(ref, args, performance.now() - began);
  call.then(done, done);
  return call;
}

function startFlushing() {
  if (state.timer) return;
  state.timer = setInterval(() => void flushTimings(), FLUSH_MS);
  state.timer.unref?.();
}

/** Sends the buffered cells (in batches) and empties the buffer; a failure drops them. */
export async function flushTimings(send?: (entries: Cell[]) => Promise<unknown>): Promise<number> {
  if (state.cells.size === 0) return 0;
  const cells = [...state.cells.values()];
  state.cells.clear();
  const sender = send ?? systemSender();
  if (!sender) return 0;
  for (let i = 0; i < cells.length; i += BATCH) {
    try {
      await sender(cells.slice(i, i + BATCH));
    } catch (error) {
      console.warn(
        JSON.stringify({
          event: "timings_flush_failed",
          cells: cells.length - i,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
      return i;
    }
  }
  return cells.length;
}

/** How many cells wait and how many were dropped for lack of room (for tests and the bench). */
export const timingBuffer = () => ({ cells: state.cells.size, dropped: state.dropped });

function systemSender() {
  const { convex, systemSecret } = getEnv();
  if (!systemSecret) return null;
  // Its own client, not the gateway's: flushing must not time itself.
  state.client ??= new ConvexHttpClient(convex.url, { logger: false });
  const client = state.client;
  return (entries: Cell[]) => client.mutation(api.admin.timings.record, { secret: systemSecret, entries }, { skipQueue: true });
}
