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
};

/** What a transaction wrote: tables (for logs), index keys and ids (for invalidation). */
export type WriteSet = { tables: Set<string>; keys: Buffer[]; ids: Set<string> };
export const emptyWrites = (): WriteSet => ({ tables: new Set(), keys: [], ids: new Set() });

export const execStorage = new AsyncLocalStorage<Exec>();

export function currentExec(): Exec {
  const exec = execStorage.getStore();
  if (!exec) throw new Error("A Convex syscall was made outside of a Convex function.");
  return exec;
}
