/**
 * The execution context of one running Convex function. convex/server reaches
 * the backend through a global `Convex.syscall`/`asyncSyscall`; several
 * functions run interleaved in this one process, so each call finds its own
 * context through AsyncLocalStorage.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { ReadScope, QueryStream } from "./query-engine";
import type { Runtime } from "./runtime";

export type Identity = { tokenIdentifier: string; subject: string; issuer: string; [claim: string]: unknown };
export type UdfKind = "query" | "mutation" | "action" | "httpAction";

export type Exec = {
  runtime: Runtime;
  kind: UdfKind;
  udfPath: string;
  /** The component the function belongs to: its path from the app ("" for the app; see components.ts). */
  component: string;
  identity: Identity | null;
  /** Database access for queries and mutations (absent in actions). */
  scope?: ReadScope;
  streams: Map<number, QueryStream>;
  nextStreamId: number;
  startedAt: number;
  logLines: string[];
  writes: WriteSet;
  scheduledJobs: number;
  paginatedQueries: number;
  requestId: string;
  /** Settles when this function's running ctx.runQuery/runMutation call is done (they run one at a time). */
  nestedTail?: Promise<void>;
  /** Time spent inside syscalls (database, storage, nested calls): not the function's own execution time. */
  syscallMs?: number;
  /** The commit timestamp of the running mutation's transaction (set when it begins; see runtime.ts transact). */
  commitTs?: bigint;
  /** This call's seeded Math.random (queries and mutations; see isolate-globals.ts). */
  rng?: () => number;
};

/** What a transaction wrote: tables (for logs), index keys and ids (for invalidation). */
export type WriteSet = { tables: Set<string>; keys: Buffer[]; ids: Set<string> };
export const emptyWrites = (): WriteSet => ({ tables: new Set(), keys: [], ids: new Set() });

export const execStorage = new AsyncLocalStorage<Exec>();

// How the globals injected into function modules (isolate-globals.ts) find the running call.
(globalThis as Record<symbol, unknown>)[Symbol.for("convex-local.running")] = () => execStorage.getStore();

/**
 * Convex's 1 s limit for queries and mutations counts the function's own code,
 * not database operations, so time spent in syscalls is left out: a mutation
 * that writes 16,000 documents must not time out here when it would not on a
 * deployment.
 */
export function userCodeMs(exec: Exec): number {
  return Date.now() - exec.startedAt - (exec.syscallMs ?? 0);
}

/** Throws Convex's timeout error once a query or mutation has used up its execution time. */
export function checkExecutionTime(exec: Exec, limitMs: number) {
  if (exec.kind !== "action" && exec.kind !== "httpAction" && userCodeMs(exec) > limitMs) {
    throw new Error(`Function execution timed out (maximum duration: ${limitMs / 1000}s)`);
  }
}

export function currentExec(): Exec {
  const exec = execStorage.getStore();
  if (!exec) throw new Error("A Convex syscall was made outside of a Convex function.");
  return exec;
}
