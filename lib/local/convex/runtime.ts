/**
 * The heart of convex-local: runs queries, mutations and actions from the
 * loaded modules against the store, with Convex's transaction semantics.
 *
 * - Mutations run one at a time (a promise chain), each inside one SQLite
 *   write transaction: serializable by construction, rolled back on throw.
 * - Queries read committed data through the reader connection. If a commit
 *   lands while a query is running, the query is re-run, so every result
 *   comes from one consistent snapshot.
 * - Every commit gets a new timestamp and tells subscribers which tables it
 *   wrote, which is what drives reactive query updates.
 */
import { randomUUID } from "node:crypto";
import { CommitTsPlaceholder, convexToJson, type JSONValue, type Value } from "convex/values";
import { checkExecutionTime, emptyWrites, execStorage, type Exec, type Identity, type UdfKind, type WriteSet } from "./context";
import { indexPrefix, Store, type Doc } from "./store";
import { Modules, UserError, type ConvexFunction, type FunctionKind } from "./modules";
import { checkDocumentShape, Metrics, LIMITS } from "./limits";
import { checkValue, type ValidatorJson } from "./validators";
import { FunctionFailure, toFailure } from "./errors";
import { installSyscalls } from "./syscalls";
import { Scheduler } from "./scheduler";
import { Files } from "./files";
import { afterPrefix, valueSize } from "./values";
import type { Logger } from "./log";
import type { ReadScope } from "./query-engine";
import { applySchema as applySchemaTo, type SchemaJson } from "./schema-apply";
import { localName, ownerOf, qualify, type ComponentNode } from "./components";

/**
 * `component`: the component the function belongs to ("" for the app, see components.ts); `internal`: the
 * caller may reach internal functions (it runs inside that component, or is the deployment itself).
 */
export type CallOptions = { internal?: boolean; component?: string };
export type QueryResult = {
  /** The result as Convex-encoded JSON text. */ json: string;
  readonly value: Value;
  reads: ReadScope;
  logLines: string[];
  ts: bigint;
};
export type MutationResult = {
  /** The result as Convex-encoded JSON text, as the function produced it. */ json: string;
  readonly value: Value;
  logLines: string[];
  ts: bigint;
};
export type ActionResult = { json: string; readonly value: Value; logLines: string[] };

/**
 * A result that is JSON text first: callers that only forward it (HTTP, an action's ctx.runQuery/runMutation)
 * never pay for decoding it and encoding it again; `value` decodes it once, when asked for.
 */
function lazyValue(json: string): { json: string; readonly value: Value } {
  let decoded: Value | undefined;
  return {
    json,
    get value() {
      return (decoded ??= fromJson(JSON.parse(json) as JSONValue));
    },
  };
}
type CommitListener = (writes: WriteSet, ts: bigint) => void;

export class Runtime {
  readonly scheduler: Scheduler;
  readonly files: Files;
  /** Each component's schema, by component path ("" for the app). */
  private schemas = new Map<string, SchemaJson>();
  /** Installed components by path (components.ts); the app's own modules are `modules`. */
  components = new Map<string, ComponentNode>();
  private ts: bigint;
  private mutationTail: Promise<unknown> = Promise.resolve();
  private listeners = new Set<CommitListener>();
  private savepoints = 0;

  constructor(
    readonly store: Store,
    readonly modules: Modules,
    readonly log: Logger,
    readonly urls: { cloud: string; site: string },
    dataDir: string,
  ) {
    installSyscalls();
    // Lets a frozen Date.now() in function code (isolate-globals.ts) enforce the execution time limit.
    (globalThis as Record<symbol, unknown>)[Symbol.for("convex-local.checkTime")] = (exec: Exec) =>
      checkExecutionTime(exec, LIMITS.executionMs);
    this.ts = BigInt(store.getMeta("ts") ?? "0");
    this.scheduler = new Scheduler(this);
    this.files = new Files(this, dataDir);
  }

  /**
   * Applies the schema's tables and indexes (called after every module load).
   * A schema that existing documents do not match is refused (see
   * schema-apply.ts) and the previous one stays in force.
   */
  applySchema() {
    const schemas = new Map<string, SchemaJson>();
    for (const component of ["", ...this.components.keys()]) {
      const def = this.modulesOf(component)?.module("schema")?.default as { export(): string } | undefined;
      if (def) schemas.set(component, JSON.parse(def.export()) as SchemaJson);
    }
    // One schema for the whole store, every component's tables under their stored names, applied at once (a
    // table's indexes are kept only while some schema declares them).
    if (schemas.size > 0) {
      const tables = [...schemas].flatMap(([component, schema]) =>
        schema.tables.map((t) => ({
          ...t,
          tableName: qualify(component, t.tableName),
          documentType: schema.schemaValidation ? t.documentType : null,
          component,
        })),
      );
      applySchemaTo(this.store, { tables, schemaValidation: true });
    }
    this.schemas = schemas;
  }

  /** The modules of a component ("" for the app). */
  modulesOf(component: string): Modules | undefined {
    return component === "" ? this.modules : this.components.get(component)?.modules;
  }

  /** A table name as component `component` sees it, for an id (null: not a table of the component). */
  tableOfId(component: string, id: string): string | null {
    return localName(component, this.store.tableNameOfId(id));
  }

  snapshotTs(): bigint {
    return this.ts;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private resolve(udfPath: string, kind: FunctionKind, opts: CallOptions): ConvexFunction {
    let fn: ConvexFunction;
    try {
      const modules = this.modulesOf(opts.component ?? "");
      if (!modules) throw new UserError(`Component "${opts.component}" is not installed (convex/convex.config.ts).`);
      fn = modules.resolve(udfPath, kind);
    } catch (e) {
      throw new FunctionFailure((e as UserError).message, undefined, []);
    }
    if (fn.isInternal && !opts.internal) {
      throw new FunctionFailure(
        `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
        undefined,
        [],
      );
    }
    return fn;
  }

  /** Parsed validators, once per function object (a reload brings new objects). */
  private validators = new WeakMap<ConvexFunction, { args: ValidatorJson; returns: ValidatorJson | null }>();
  private validatorsOf(fn: ConvexFunction) {
    let v = this.validators.get(fn);
    if (!v) this.validators.set(fn, (v = { args: JSON.parse(fn.exportArgs()), returns: JSON.parse(fn.exportReturns()) }));
    return v;
  }

  private validateArgs(fn: ConvexFunction, udfPath: string, args: Record<string, Value>, component = "") {
    const validator = this.validatorsOf(fn).args;
    const err = checkValue(validator, args, (id) => this.tableOfId(component, id));
    if (err) throw new FunctionFailure(`ArgumentValidationError: ${err}\n\nwhile calling ${udfPath}`, undefined, []);
  }

  private validateReturn(fn: ConvexFunction, udfPath: string, value: Value, component = "") {
    const validator = this.validatorsOf(fn).returns;
    if (!validator) return;
    const err = checkValue(validator, value, (id) => this.tableOfId(component, id));
    if (err) throw new Error(`ReturnsValidationError: ${err}\n\nreturned by ${udfPath}`);
  }

  private newExec(kind: UdfKind, udfPath: string, identity: Identity | null, scope?: ReadScope, component = ""): Exec {
    return {
      runtime: this,
      kind,
      udfPath,
      component,
      // A component never sees the caller's identity (its functions are called by the app, not by users).
      identity: component === "" ? identity : null,
      scope,
      streams: new Map(),
      nextStreamId: 1,
      startedAt: Date.now(),
      syscallMs: 0,
      logLines: [],
      writes: emptyWrites(),
      scheduledJobs: 0,
      paginatedQueries: 0,
      requestId: randomUUID().slice(0, 16),
    };
  }

  private scope(write: boolean): ReadScope {
    return { store: this.store, write, metrics: new Metrics(), readTables: new Set(), readRanges: [], readIds: new Set() };
  }

  private checkDuration(exec: Exec) {
    checkExecutionTime(exec, LIMITS.executionMs);
  }

  private logCall(exec: Exec, outcome: "ok" | "error", detail?: string) {
    this.log.call(exec.kind, exec.udfPath, Date.now() - exec.startedAt, outcome, detail);
  }

  /** Runs a query on a consistent snapshot of committed data. */
  async runQuery(udfPath: string, args: Record<string, Value>, identity: Identity | null, opts: CallOptions = {}): Promise<QueryResult> {
    return this.runQueryFunction(this.resolve(udfPath, "query", opts), udfPath, args, identity, opts.component);
  }

  /** Runs a query given its function object (also used for inline test queries). */
  async runQueryFunction(
    fn: ConvexFunction,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    component = "",
  ): Promise<QueryResult> {
    this.validateArgs(fn, udfPath, args, component);
    const argsJson = JSON.stringify([convexToJson(args)]);
    for (let attempt = 0; ; attempt++) {
      const startTs = this.ts;
      const exec = this.newExec("query", udfPath, identity, this.scope(false), component);
      const run = async () => {
        const raw = await execStorage.run(exec, () => fn.invokeQuery(argsJson));
        this.checkDuration(exec);
        return raw;
      };
      // After two conflicting attempts, run under the write lock so it cannot conflict again.
      const outcome = await settle(attempt < 2 ? run() : this.exclusive(run));
      if (this.ts !== startTs && attempt < 2) continue;
      if (!outcome.ok) {
        this.logCall(exec, "error", (outcome.error as Error)?.message);
        throw toFailure(outcome.error, exec.requestId, exec.logLines);
      }
      // The function already produced Convex-encoded JSON text; callers that only
      // forward it (HTTP, sync) never pay for decoding and re-encoding it.
      const json = outcome.value;
      let decoded: Value | undefined;
      const result: QueryResult = {
        json,
        get value() {
          return (decoded ??= fromJson(JSON.parse(json) as JSONValue));
        },
        reads: exec.scope!,
        logLines: exec.logLines,
        ts: startTs,
      };
      try {
        if (this.validatorsOf(fn).returns) this.validateReturn(fn, udfPath, result.value, component);
      } catch (e) {
        throw toFailure(e, exec.requestId, exec.logLines);
      }
      this.logCall(exec, "ok");
      return result;
    }
  }

  /** Serializes `work` after every mutation queued before it. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.mutationTail.then(work, work);
    this.mutationTail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `body` inside one write transaction with its own execution context and
   * commits it, or rolls everything back if it throws.
   */
  private transact<T>(exec: Exec, body: () => Promise<T>, beforeCommit?: (value: T) => void): Promise<{ value: T; ts: bigint }> {
    return this.exclusive(async () => {
      exec.startedAt = Date.now();
      exec.syscallMs = 0;
      // Mutations commit one at a time, so this transaction's commit timestamp is known before it runs
      // (what `ctx.db.vars.commitTs` placeholders in its writes become).
      exec.commitTs = nextTs(this.ts);
      this.store.begin();
      let value: T;
      try {
        value = await execStorage.run(exec, body);
        this.checkDuration(exec);
        beforeCommit?.(value);
        if (exec.writes.tables.size > 0) {
          this.ts = exec.commitTs > this.ts ? exec.commitTs : nextTs(this.ts);
          this.store.setMeta("ts", String(this.ts));
        }
        this.store.commit();
      } catch (e) {
        this.store.rollback();
        this.store.reloadCatalog();
        throw e;
      }
      if (exec.writes.tables.size > 0) for (const l of this.listeners) l(exec.writes, this.ts);
      if (exec.scheduledJobs > 0) this.scheduler.kick();
      return { value, ts: this.ts };
    });
  }

  async runMutation(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    opts: CallOptions & { beforeCommit?: (exec: Exec) => void } = {},
  ): Promise<MutationResult> {
    return this.runMutationFunction(this.resolve(udfPath, "mutation", opts), udfPath, args, identity, opts);
  }

  /** Runs a mutation given its function object (also used for inline test mutations). */
  async runMutationFunction(
    fn: ConvexFunction,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    opts: { beforeCommit?: (exec: Exec) => void; component?: string } = {},
  ): Promise<MutationResult> {
    const component = opts.component ?? "";
    this.validateArgs(fn, udfPath, args, component);
    const argsJson = JSON.stringify([convexToJson(args)]);
    const exec = this.newExec("mutation", udfPath, identity, this.scope(true), component);
    try {
      let result: { json: string; readonly value: Value } | undefined;
      const { ts } = await this.transact(
        exec,
        () => fn.invokeMutation(argsJson),
        (json) => {
          result = lazyValue(json);
          if (this.validatorsOf(fn).returns) this.validateReturn(fn, udfPath, result.value, component);
          opts.beforeCommit?.(exec);
        },
      );
      this.logCall(exec, "ok");
      return Object.assign(result!, { logLines: exec.logLines, ts });
    } catch (e) {
      this.logCall(exec, "error", (e as Error)?.message);
      throw toFailure(e, exec.requestId, exec.logLines);
    }
  }

  async runAction(udfPath: string, args: Record<string, Value>, identity: Identity | null, opts: CallOptions = {}) {
    return this.runActionFunction(this.resolve(udfPath, "action", opts), udfPath, args, identity, opts.component);
  }

  /** Runs an action given its function object (also used for inline test actions). */
  async runActionFunction(
    fn: ConvexFunction,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    component = "",
  ): Promise<ActionResult> {
    this.validateArgs(fn, udfPath, args, component);
    const exec = this.newExec("action", udfPath, identity, undefined, component);
    try {
      const raw = await execStorage.run(exec, () => fn.invokeAction(exec.requestId, JSON.stringify([convexToJson(args)])));
      const result = lazyValue(raw);
      if (this.validatorsOf(fn).returns) this.validateReturn(fn, udfPath, result.value, component);
      this.logCall(exec, "ok");
      return Object.assign(result, { logLines: exec.logLines });
    } catch (e) {
      this.logCall(exec, "error", (e as Error)?.message);
      throw toFailure(e, exec.requestId, exec.logLines);
    }
  }

  /** Calls a function by kind and returns only its value (for actions' ctx.run*). */
  async call(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    opts: CallOptions = {},
  ): Promise<Value> {
    return (await this.callJson(kind, udfPath, args, identity, opts)).value;
  }

  /** The same, with the result's Convex-encoded JSON text (decoded only if `value` is read). */
  async callJson(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity | null,
    opts: CallOptions = {},
  ): Promise<{ json: string; readonly value: Value }> {
    if (kind === "query") return this.runQuery(udfPath, args, identity, opts);
    if (kind === "mutation") return this.runMutation(udfPath, args, identity, opts);
    return this.runAction(udfPath, args, identity, opts);
  }

  /**
   * ctx.runQuery / ctx.runMutation from inside a query or mutation: same
   * transaction. A nested mutation is a sub-transaction (a SQLite savepoint):
   * if it throws, its writes are undone and the caller may catch the error and
   * commit its own writes, as on a deployment. Nested calls of one parent run
   * one at a time, so savepoints always nest.
   */
  async callNested(
    parent: Exec,
    kind: "query" | "mutation",
    udfPath: string,
    args: Record<string, Value>,
    opts: { staleSnapshot?: boolean; component?: string; internal?: boolean } = {},
  ): Promise<Value> {
    const component = opts.component ?? parent.component;
    if (kind === "mutation" && !parent.scope?.write) throw new Error("ctx.runMutation can only be called from a mutation.");
    const previous = parent.nestedTail;
    let release!: () => void;
    parent.nestedTail = new Promise<void>((r) => (release = r));
    await previous;
    const savepoint = kind === "mutation" ? `nested_${++this.savepoints}` : null;
    try {
      const fn = this.resolve(udfPath, kind, { internal: opts.internal ?? true, component });
      this.validateArgs(fn, udfPath, args, component);
      // useStaleSnapshot: the committed state this mutation started from (mutations run one at a time, so it is
      // what the reader connection sees), without the mutation's own writes and outside its read set.
      const scope =
        opts.staleSnapshot && parent.scope
          ? { ...parent.scope, write: false, readTables: new Set<string>(), readRanges: [], readIds: new Set<string>() }
          : parent.scope;
      const child: Exec = {
        ...this.newExec(kind, udfPath, parent.identity, scope, component),
        writes: parent.writes,
        logLines: parent.logLines,
        commitTs: parent.commitTs,
      };
      const argsJson = JSON.stringify([convexToJson(args)]);
      const writeMark = parent.scope?.metrics.writeMark();
      if (savepoint) this.store.writer.exec(`SAVEPOINT ${savepoint}`);
      try {
        const raw = await execStorage.run(child, () => (kind === "query" ? fn.invokeQuery(argsJson) : fn.invokeMutation(argsJson)));
        const value = fromJson(JSON.parse(raw));
        this.validateReturn(fn, udfPath, value, component);
        if (savepoint) this.store.writer.exec(`RELEASE ${savepoint}`);
        parent.scheduledJobs += child.scheduledJobs;
        return value;
      } catch (e) {
        if (savepoint && this.store.writer.inTransaction) {
          this.store.writer.exec(`ROLLBACK TO ${savepoint}`);
          this.store.writer.exec(`RELEASE ${savepoint}`);
          this.store.reloadCatalog(); // a table first created by the child is gone again
          if (writeMark) parent.scope!.metrics.rollbackWrites(writeMark); // its writes no longer count
        }
        throw e;
      }
    } finally {
      release();
    }
  }

  /** Runs arbitrary code as a mutation (convex-test's `t.run`, scheduler and storage bookkeeping). */
  async mutateAs<T>(identity: Identity | null, label: string, body: (exec: Exec) => T | Promise<T>): Promise<T> {
    const exec = this.newExec("mutation", label, identity, this.scope(true));
    try {
      return (await this.transact(exec, async () => body(exec))).value;
    } catch (e) {
      throw toFailure(e, exec.requestId, exec.logLines);
    }
  }

  /** `stored`: the table's name in the store (a component's tables carry its path, components.ts). */
  private validateDoc(stored: string, doc: Record<string, Value>) {
    const component = ownerOf(stored);
    const table = localName(component, stored)!;
    const schema = this.schemas.get(component);
    if (!schema) return;
    const def = tableDefs(schema).get(table);
    if (!def) {
      if (schema.schemaValidation && !table.startsWith("_"))
        throw new Error(
          `Failed to insert or update a document in table "${table}" because it does not match the schema: the table is not declared in the schema.`,
        );
      return;
    }
    if (!schema.schemaValidation || !def.documentType) return;
    const { _id, _creationTime, ...fields } = doc;
    const err = checkValue(def.documentType, fields, (id) => this.tableOfId(component, id));
    if (err) throw new Error(`Failed to insert or update a document in table "${table}" because it does not match the schema: ${err}`);
  }

  /** The one way documents change: store, index keys, metrics and the write set together. */
  applyWrite(exec: Exec, table: string, old: Doc | null, next: Doc | null) {
    if (next) next = withCommitTs(next, exec.commitTs) as Doc;
    const size = next ? valueSize(next) : 0;
    if (next) checkDocumentShape(next, size);
    exec.scope?.metrics.write(size);
    const keys = this.store.write(table, old, next);
    exec.writes.tables.add(table);
    exec.writes.keys.push(...keys);
    exec.writes.ids.add((next ?? old)!._id);
  }

  insertDoc(exec: Exec, table: string, value: Record<string, Value>): string {
    if ("_id" in value || "_creationTime" in value)
      throw new Error(`Invalid document for table "${table}": system fields (_id, _creationTime) cannot be set on insert.`);
    this.validateDoc(table, value);
    const doc = { ...value, _id: this.store.newId(table), _creationTime: this.store.nextCreationTime() } as Doc;
    this.applyWrite(exec, table, null, doc);
    return doc._id;
  }

  updateDoc(exec: Exec, table: string, old: Doc, next: Doc | null) {
    if (next) this.validateDoc(table, next);
    this.applyWrite(exec, table, old, next);
  }

  countTable(scope: ReadScope, table: string): number {
    scope.readTables.add(table);
    const def = this.store.index(table, "by_creation_time");
    if (!def) return 0;
    const lower = indexPrefix(def.id);
    scope.readRanges.push({ lower, upper: afterPrefix(lower) });
    return this.store.countRange(lower, afterPrefix(lower), scope.write);
  }
}

/** A schema's tables by name (validateDoc runs on every write; a schema has dozens of tables). */
const tableDefsOf = new WeakMap<SchemaJson, Map<string, SchemaJson["tables"][number]>>();
function tableDefs(schema: SchemaJson) {
  let defs = tableDefsOf.get(schema);
  if (!defs) tableDefsOf.set(schema, (defs = new Map(schema.tables.map((t) => [t.tableName, t]))));
  return defs;
}

/** `value` with every `ctx.db.vars.commitTs` placeholder replaced by the commit timestamp (the same object if none). */
function withCommitTs(value: Value, ts: bigint | undefined): Value {
  if (value instanceof CommitTsPlaceholder) {
    if (ts === undefined) throw new Error("ctx.db.vars.commitTs can only be written inside a mutation.");
    return ts;
  }
  if (value === null || typeof value !== "object" || value instanceof ArrayBuffer) return value;
  if (Array.isArray(value)) {
    let out: Value[] | null = null;
    value.forEach((v, i) => {
      const r = withCommitTs(v, ts);
      if (r !== v) (out ??= [...value])[i] = r;
    });
    return out ?? value;
  }
  let out: Record<string, Value> | null = null;
  for (const [k, v] of Object.entries(value)) {
    const r = withCommitTs(v as Value, ts);
    if (r !== v) (out ??= { ...(value as Record<string, Value>) })[k] = r;
  }
  return out ?? value;
}

export function nextTs(prev: bigint): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  return now > prev ? now : prev + 1n;
}

function fromJson(json: JSONValue): Value {
  return jsonToConvexValue(json);
}

import { jsonToConvex as jsonToConvexValue } from "convex/values";

async function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await p };
  } catch (error) {
    return { ok: false, error };
  }
}

export { FunctionFailure };
