/**
 * The syscall layer: what a Convex deployment's isolate offers to the
 * convex/server code bundled with each function. Every database, auth,
 * scheduler and storage call of a function lands here.
 */
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { checkExecutionTime, currentExec, execStorage, type Exec } from "./context";
import { paginate, QueryStream, readDoc, readDocJson, type SerializedQuery } from "./query-engine";
import { LIMITS } from "./limits";
import { FunctionFailure } from "./errors";
import type { Doc } from "./store";
import { vectorSearch } from "./vector";
import { encodeHandle, qualify, resolveAddress } from "./components";

function db(exec: Exec) {
  if (!exec.scope) throw new Error(`ctx.db is not available in ${exec.kind}s; use ctx.runQuery / ctx.runMutation.`);
  checkExecutionTime(exec, LIMITS.executionMs);
  return exec.scope;
}

/** Adds the time from `start` to the function's syscall time (see userCodeMs). */
function charge(exec: Exec, start: number) {
  exec.syscallMs = (exec.syscallMs ?? 0) + (performance.now() - start);
}

function writable(exec: Exec) {
  const scope = db(exec);
  if (!scope.write) throw new Error("Writes are not allowed in queries.");
  return scope;
}

/** The stored name of the table an id belongs to, if it is a table of the running component (else not a valid ID). */
function checkTable(exec: Exec, id: string, table: string | undefined, op: string): string {
  const actual = exec.runtime.tableOfId(exec.component, id);
  if (actual === null || (table !== undefined && table !== actual)) {
    throw new Error(`Invalid argument \`id\` for \`db.${op}\`: "${id}" is not a valid ID${table ? ` for table "${table}"` : ""}.`);
  }
  return qualify(exec.component, actual);
}

/** A serialized query with its table and index names as the store knows them (a component's own tables). */
function scoped(exec: Exec, query: SerializedQuery): SerializedQuery {
  if (exec.component === "") return query;
  const src = query.source as { tableName?: string; indexName?: string };
  const source = { ...query.source } as typeof src;
  if (src.tableName !== undefined) source.tableName = qualify(exec.component, src.tableName);
  if (src.indexName !== undefined) {
    const dot = src.indexName.indexOf(".");
    source.indexName = `${qualify(exec.component, src.indexName.slice(0, dot))}${src.indexName.slice(dot)}`;
  }
  return { ...query, source: source as SerializedQuery["source"] };
}

const json = (v: unknown) => JSON.stringify(v);

function syscall(op: string, argsJson: string): string {
  const exec = currentExec();
  const start = performance.now();
  try {
    return syscallImpl(exec, op, argsJson);
  } finally {
    charge(exec, start);
  }
}

function syscallImpl(exec: Exec, op: string, argsJson: string): string {
  const args = JSON.parse(argsJson);
  switch (op) {
    case "1.0/queryStream": {
      const id = exec.nextStreamId++;
      exec.streams.set(id, new QueryStream(db(exec), scoped(exec, args.query as SerializedQuery)));
      return json({ queryId: id });
    }
    case "1.0/queryCleanup":
      return json({ cleanedUp: exec.streams.delete(args.queryId) });
    case "1.0/db/normalizeId": {
      const table = exec.runtime.tableOfId(exec.component, args.idString);
      return json({ id: table === args.table ? args.idString : null });
    }
    case "1.0/getSnapshotTs":
      return json(convexToJson(exec.runtime.snapshotTs()));
    default:
      throw new Error(`convex-local does not support syscall "${op}"`);
  }
}

/**
 * `Convex.asyncSyscall`. convex/server awaits the result, so a plain string
 * serves as well as a promise: the row-by-row `queryStreamNext` (one call per
 * document a query reads) is answered synchronously, without the promises an
 * async path would allocate for every document.
 */
function asyncSyscall(op: string, argsJson: string): string | Promise<string> {
  const exec = currentExec();
  const start = performance.now();
  if (op === "1.0/queryStreamNext") {
    try {
      return queryStreamNext(exec, JSON.parse(argsJson).queryId);
    } finally {
      charge(exec, start);
    }
  }
  return asyncSyscallImpl(exec, op, argsJson).finally(() => charge(exec, start));
}

function queryStreamNext(exec: Exec, queryId: number): string {
  const stream = exec.streams.get(queryId);
  if (!stream) throw new Error("This query is closed.");
  db(exec);
  const next = stream.next();
  return next === null ? '{"value":null,"done":true}' : `{"value":${next},"done":false}`;
}

async function asyncSyscallImpl(exec: Exec, op: string, argsJson: string): Promise<string> {
  const args = JSON.parse(argsJson);
  const rt = exec.runtime;
  switch (op) {
    case "1.0/get": {
      const id = args.id as string;
      const table = rt.tableOfId(exec.component, id);
      if (table === null) throw new Error(`Invalid argument \`id\` for \`db.get\`: "${id}" is not a valid ID.`);
      if (args.table !== undefined && args.table !== table)
        throw new Error(`Invalid argument \`id\` for \`db.get\`: "${id}" is not an ID for table "${args.table}".`);
      if (table.startsWith("_") !== Boolean(args.isSystem)) return "null";
      return readDocJson(db(exec), id) ?? "null";
    }
    case "1.0/queryPage": {
      if (++exec.paginatedQueries > 1) {
        throw new Error(
          "This query or mutation function ran multiple paginated queries. Convex only supports a single paginated query in each function.",
        );
      }
      const r = paginate(db(exec), {
        query: scoped(exec, args.query),
        cursor: args.cursor ?? null,
        endCursor: args.endCursor ?? null,
        pageSize: args.pageSize,
        maximumRowsRead: args.maximumRowsRead ?? null,
        maximumBytesRead: args.maximumBytesRead ?? null,
      });
      const { page, ...rest } = r;
      return `{"page":[${page.join(",")}],${json(rest).slice(1)}`;
    }
    case "1.0/count":
      return json(rt.countTable(db(exec), qualify(exec.component, args.table)));
    case "1.0/insert": {
      writable(exec);
      if (String(args.table).startsWith("_")) throw new Error("System tables (prefixed with `_`) are read-only.");
      const _id = rt.insertDoc(exec, qualify(exec.component, args.table), jsonToConvex(args.value) as Record<string, Value>);
      return json({ _id });
    }
    case "1.0/shallowMerge":
    case "1.0/replace": {
      const scope = writable(exec);
      const table = checkTable(exec, args.id, args.table, op === "1.0/replace" ? "replace" : "patch");
      const old = readDoc(scope, args.id);
      if (!old) throw new Error(`${op === "1.0/replace" ? "Replace" : "Patch"} on nonexistent document ID ${args.id}`);
      const next = op === "1.0/replace" ? replaced(old, args.value) : merged(old, args.value);
      rt.updateDoc(exec, table, old, next);
      return "{}";
    }
    case "1.0/remove": {
      const scope = writable(exec);
      const table = checkTable(exec, args.id, args.table, "delete");
      const old = readDoc(scope, args.id);
      if (!old) throw new Error(`Delete on nonexistent document ID ${args.id}`);
      rt.updateDoc(exec, table, old, null);
      return "{}";
    }
    case "1.0/getUserIdentity":
      return json(exec.identity);
    case "1.0/schedule":
      writable(exec);
      return json(rt.scheduler.schedule(exec, args));
    case "1.0/cancel_job":
      writable(exec);
      rt.scheduler.cancel(exec, args.id);
      return "{}";
    case "1.0/actions/schedule":
      return json(await rt.mutateAs(exec.identity, "scheduler", (inner) => rt.scheduler.schedule(inner, args, exec.component)));
    case "1.0/actions/cancel_job":
      await rt.mutateAs(exec.identity, "scheduler", (inner) => rt.scheduler.cancel(inner, args.id));
      return "{}";
    case "1.0/actions/query":
    case "1.0/actions/mutation":
    case "1.0/actions/action": {
      const kind = op.split("/")[2] as "query" | "mutation" | "action";
      // Into a child component only its public functions; within one's own component internal ones too.
      const { component, udfPath, crossesBoundary } = resolveAddress(exec.component, args);
      const result = await withErrorData(() =>
        rt.callJson(kind, udfPath, jsonToConvex(args.args) as Record<string, Value>, exec.identity, {
          internal: !crossesBoundary,
          component,
        }),
      );
      // The called function's own result text, forwarded as is (it is what json(convexToJson(value)) would give).
      return result.json;
    }
    case "1.0/runUdf": {
      if (args.transactionLimits !== undefined) {
        // Never silently ignored: the call would run with the whole transaction's budget instead of the one asked for.
        throw new Error(
          "Nested `transactionLimits` (ctx.runQuery / ctx.runMutation options) are not supported by convex-local; call without them.",
        );
      }
      const stale = args.udfType === "snapshotQuery";
      const kind = stale ? "query" : args.udfType;
      const { component, udfPath, crossesBoundary } = resolveAddress(exec.component, args);
      const result = await withErrorData(() =>
        rt.callNested(exec, kind, udfPath, jsonToConvex(args.args) as Record<string, Value>, {
          staleSnapshot: stale,
          component,
          internal: !crossesBoundary,
        }),
      );
      return json(convexToJson(result));
    }
    case "1.0/actions/vectorSearch": {
      // As on a deployment, only actions have ctx.vectorSearch; it reads committed data.
      if (exec.kind !== "action") throw new Error("ctx.vectorSearch is only available in actions.");
      const query = args.query as { indexName: string };
      const dot = query.indexName.indexOf(".");
      const indexName = `${qualify(exec.component, query.indexName.slice(0, dot))}${query.indexName.slice(dot)}`;
      return json({ results: vectorSearch(rt.store, { ...args.query, indexName }) });
    }
    case "1.0/storageGenerateUploadUrl":
      return json(rt.files.uploadUrl());
    case "1.0/storageGetUrl":
      return json(rt.files.url(args.storageId));
    case "1.0/storageGetMetadata":
      return json(rt.files.metadata(args.storageId));
    case "1.0/storageDelete":
      await rt.files.delete(exec, args.storageId);
      return "{}";
    case "1.0/getTransactionMetrics":
      return json(convexToJson(db(exec).metrics.snapshot() as unknown as Value));
    case "1.0/getFunctionMetadata":
      return json({ name: exec.udfPath, componentPath: exec.component });
    case "1.0/createFunctionHandle": {
      const { component, udfPath } = resolveAddress(exec.component, args);
      const [mod, fn = "default"] = udfPath.split(":");
      if (!rt.modulesOf(component)?.module(mod.replace(/\.js$/, ""))?.[fn]) throw new Error(`Function not found: ${udfPath}`);
      return json(encodeHandle({ component, udfPath: `${mod.replace(/\.js$/, "")}:${fn}` }));
    }
    case "1.0/getRequestMetadata":
      return json({ requestId: exec.requestId, ip: null, userAgent: null });
    case "1.0/getDeploymentMetadata":
      return json({ name: "convex-local", region: null, class: "s16" });
    case "1.0/auditLog":
      return "null";
    default:
      throw new Error(`convex-local does not support async syscall "${op}"`);
  }
}

/**
 * convex/server turns a failed syscall back into a ConvexError when the error
 * has a `data` field holding the JSON-encoded data (see performAsyncSyscall).
 * A failure from a called function arrives either as a FunctionFailure
 * (errorData, already JSON) or as the callee's own ConvexError, whose data
 * invokeFunction has serialized to a JSON string: both are given `data` in
 * JSON form, so the caller's `catch` sees the original ConvexError data.
 */
async function withErrorData<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof FunctionFailure) {
      if (e.errorData === undefined) throw e;
      throw Object.assign(new Error(e.message), { data: e.errorData });
    }
    const err = e as { message?: string; data?: unknown };
    if (typeof e === "object" && e !== null && Symbol.for("ConvexError") in e && typeof err.data === "string") {
      throw Object.assign(new Error(err.message), { data: JSON.parse(err.data) as JSONValue });
    }
    throw e;
  }
}

async function jsSyscall(op: string, args: Record<string, unknown>): Promise<unknown> {
  const exec = currentExec();
  const start = performance.now();
  try {
    return await jsSyscallImpl(exec, op, args);
  } finally {
    charge(exec, start);
  }
}

async function jsSyscallImpl(exec: Exec, op: string, args: Record<string, unknown>): Promise<unknown> {
  switch (op) {
    case "storage/storeBlob":
      return exec.runtime.files.store(exec, args.blob as Blob);
    case "storage/getBlob":
      return exec.runtime.files.get(args.storageId as string);
    default:
      throw new Error(`convex-local does not support JS syscall "${op}"`);
  }
}

function systemFields(old: Doc, value: Record<string, Value>) {
  for (const f of ["_id", "_creationTime"] as const) {
    if (value[f] !== undefined && value[f] !== old[f]) {
      throw new Error(
        `Provided \`${f}\` field value ${JSON.stringify(value[f])} does not match the document's ${f} ${JSON.stringify(old[f])}`,
      );
    }
  }
}

function replaced(old: Doc, valueJson: JSONValue): Doc {
  const value = jsonToConvex(valueJson) as Record<string, Value>;
  systemFields(old, value);
  return { ...value, _id: old._id, _creationTime: old._creationTime } as Doc;
}

function merged(old: Doc, patchJson: Record<string, JSONValue>): Doc {
  const next: Record<string, Value> = { ...old };
  for (const [k, v] of Object.entries(patchJson)) {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && "$undefined" in v) delete next[k];
    else next[k] = jsonToConvex(v);
  }
  systemFields(old, next);
  return next as Doc;
}

let installed = false;
/** Installs the global that convex/server calls into (once per process). */
export function installSyscalls() {
  if (installed) return;
  installed = true;
  (globalThis as Record<string, unknown>).Convex = { syscall, asyncSyscall, jsSyscall };
  // Function console output goes to the caller's log lines, as on a deployment.
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...items: unknown[]) => {
      const exec = execStorage.getStore();
      if (!exec) return original(...items);
      const text = items.map((x) => (typeof x === "string" ? x : safeInspect(x))).join(" ");
      exec.logLines.push(`[${level.toUpperCase()}] ${text}`);
      exec.runtime.log.functionConsole(exec.udfPath, level, text);
    };
  }
}

function safeInspect(x: unknown) {
  try {
    return JSON.stringify(x);
  } catch {
    return String(x);
  }
}
