/**
 * Runs the serialized queries that convex/server sends through the
 * queryStream / queryStreamNext / queryPage syscalls: resolves the index
 * range to BLOB key bounds, reads in growing batches (so `take(5)` reads about
 * five rows and `collect()` streams), applies filter and limit operators.
 */
import { afterPrefix, compareValues, encodeTuple, type MaybeValue } from "./values";
import { evaluate, type Expr } from "./filters";
import { convexSizeOfJson } from "./doc-size";
import { LIMITS } from "./limits";
import { splitRange, type RangeExpr, type SplitRange } from "./index-range";
import { indexPrefix, parseDoc, type Doc, type IndexDef } from "./rows";
import type { Store } from "./store";
import type { Metrics } from "./limits";
import { searchJson, searchReader, type SearchSource } from "./search";

export type SerializedQuery = {
  source:
    | { type: "FullTableScan"; tableName: string; order: "asc" | "desc" | null }
    | { type: "IndexRange"; indexName: string; range: RangeExpr[]; order: "asc" | "desc" | null }
    | SearchSource;
  operators: ({ filter: Expr } | { limit: number })[];
};

/**
 * What one function execution reads: the index key ranges and the ids it
 * fetched. A later write whose keys fall in a range (or whose id was fetched)
 * is exactly a write that can change this function's result.
 */
export type ReadScope = {
  store: Store;
  write: boolean;
  metrics: Metrics;
  readTables: Set<string>;
  readRanges: { lower: Buffer; upper: Buffer }[];
  readIds: Set<string>;
};

const MAX_BATCH = 1024;

/**
 * A plan: the table, the index it reads (null: a table that does not exist
 * yet), the key bounds [lower, upper) and the order. `byId`: the system index
 * by_id, read straight from the documents table (ids sort within a table as
 * Convex orders them: by the id's bytes), with the bounds as id strings.
 */
type Plan = { table: string; def: IndexDef | null; lower: Buffer; upper: Buffer; order: "asc" | "desc"; byId?: boolean };

/** by_id bounds: ids use only [0-9a-z], so "" and "~" bound every id of a table. */
const ID_MIN = Buffer.from("");
const ID_MAX = Buffer.from("~");

export function planQuery(store: Store, query: SerializedQuery): Plan {
  const src = query.source;
  if (src.type === "Search")
    throw new Error("Search queries are not supported by convex-local (no search index is declared in this project).");
  const table = src.type === "FullTableScan" ? src.tableName : src.indexName.split(".")[0];
  const indexName = src.type === "FullTableScan" ? "by_creation_time" : src.indexName.split(".")[1];
  const order = src.order ?? "asc";
  const range = src.type === "IndexRange" ? src.range : [];
  if (indexName === "by_id") {
    const split = splitRange(`${table}.by_id`, ["_id"], range);
    if (store.tableNumber(table) === undefined) return { table, def: null, lower: Buffer.alloc(0), upper: Buffer.alloc(0), order };
    return { table, def: store.index(table, "by_creation_time") ?? null, ...idBounds(split), order, byId: true };
  }
  const def = store.index(table, indexName);
  if (!def) {
    if (store.tableNumber(table) === undefined || indexName === "by_creation_time") {
      // A table nobody wrote to yet: an empty range.
      return { table, def: null, lower: Buffer.alloc(0), upper: Buffer.alloc(0), order };
    }
    throw new Error(`Index ${table}.${indexName} not found.`);
  }
  // Every index ends with _creationTime then _id (the key tuple), and ranges may use both.
  const split = splitRange(`${table}.${indexName}`, [...def.fields, "_creationTime", "_id"], range);
  return { table, def, ...boundsFor(def, split), order };
}

function boundsFor(def: IndexDef, { eqs, lower: lo, upper: hi }: SplitRange) {
  const base = encodeTuple(indexPrefix(def.id), eqs);
  let lower = base;
  let upper = afterPrefix(base);
  if (lo) {
    const key = encodeTuple(base, [lo.value]);
    lower = lo.inclusive ? key : afterPrefix(key);
  }
  if (hi) {
    const key = encodeTuple(base, [hi.value]);
    upper = hi.inclusive ? afterPrefix(key) : key;
  }
  return { lower, upper };
}

/** by_id bounds as id strings; a bound of another type is below or above every id, as in Convex's order. */
function idBounds({ eqs, lower: lo, upper: hi }: SplitRange) {
  const at = (v: MaybeValue, after: boolean): Buffer =>
    typeof v === "string" ? (after ? successor(Buffer.from(v)) : Buffer.from(v)) : compareValues(v, "") < 0 ? ID_MIN : ID_MAX;
  if (eqs.length > 0) return { lower: at(eqs[0], false), upper: typeof eqs[0] === "string" ? at(eqs[0], true) : at(eqs[0], false) };
  return { lower: lo ? at(lo.value, !lo.inclusive) : ID_MIN, upper: hi ? at(hi.value, hi.inclusive) : ID_MAX };
}

/** The next key after `key` in ascending order. */
const successor = (key: Buffer) => Buffer.concat([key, Buffer.from([0])]);

/**
 * A cursor over a plan that fetches in batches, surviving interleaved
 * statements. Rows come back as the stored JSON text only: no per-row key
 * BLOB is materialized. The one key a reader needs (to continue after a batch,
 * or for a pagination cursor) is recomputed from the last row's document, the
 * same way the store computed it on write.
 */
export class RangeReader {
  private rows: string[] = [];
  private pos = 0;
  private batch: number;
  private plan: Plan;
  private exhausted = false;
  private last: string | null = null;
  /** `firstBatch`: how many rows the caller expects to need (e.g. a limit with no filter). */
  constructor(
    private scope: ReadScope,
    planned: Plan,
    firstBatch = 16,
  ) {
    const plan = (this.plan = { ...planned });
    this.batch = Math.max(1, Math.min(firstBatch, MAX_BATCH));
    scope.readTables.add(plan.table);
    if (plan.byId) {
      // Reactivity tracks index keys; an id range is covered by the table's whole by_creation_time range.
      if (plan.def) scope.readRanges.push({ lower: indexPrefix(plan.def.id), upper: afterPrefix(indexPrefix(plan.def.id)) });
    } else scope.readRanges.push({ lower: plan.lower, upper: plan.upper });
    scope.metrics.indexRange();
  }
  /** The next row's Convex-encoded JSON text, or null at the end. */
  next(): string | null {
    if (this.pos >= this.rows.length) {
      if (this.exhausted) return null;
      this.fill();
      if (this.pos >= this.rows.length) return null;
    }
    const json = this.rows[this.pos++];
    this.scope.metrics.readJson(json);
    this.last = json;
    return json;
  }
  /** The index key of the row `next()` returned last. */
  lastKey(): Buffer | null {
    return this.last === null ? null : keyOf(this.scope.store, this.plan, this.last);
  }
  /** The index key of a row this reader returned. */
  keyOf(json: string): Buffer {
    return keyOf(this.scope.store, this.plan, json);
  }
  private fill() {
    const p = this.plan;
    if (this.rows.length > 0) {
      // Continue after the previous batch (computed only now: `take(n)` never gets here).
      const last = keyOf(this.scope.store, p, this.rows[this.rows.length - 1]);
      if (p.order === "asc") p.lower = successor(last);
      else p.upper = last;
    }
    if (Buffer.compare(p.lower, p.upper) >= 0) {
      this.exhausted = true;
      this.rows = [];
      return;
    }
    const rows = p.byId
      ? this.scope.store.idRangeJson(p.table, p.lower.toString("latin1"), p.upper.toString("latin1"), p.order, this.batch, this.scope.write)
      : this.scope.store.rangeJson(p.lower, p.upper, p.order, this.batch, this.scope.write);
    if (rows.length < this.batch) this.exhausted = true;
    this.rows = rows;
    this.pos = 0;
    this.batch = Math.min(Math.max(this.batch, 16) * 4, MAX_BATCH);
  }
}

function keyOf(store: Store, plan: Plan, json: string): Buffer {
  if (plan.byId) return Buffer.from(parseDoc(json)._id, "latin1");
  return store.indexKey(plan.def!, parseDoc(json));
}

/** `for await (const doc of query)` and friends. */
export class QueryStream {
  private reader: { next(): string | null };
  private remaining: number | null = null;
  private filters: Expr[] = [];
  constructor(scope: ReadScope, query: SerializedQuery) {
    for (const op of query.operators) {
      if ("filter" in op) {
        if (this.remaining !== null) throw new Error("convex-local: a filter after limit is not supported.");
        this.filters.push(op.filter);
      } else this.remaining = this.remaining === null ? op.limit : Math.min(this.remaining, op.limit);
    }
    if (query.source.type === "Search") {
      this.reader = searchReader(scope, query.source);
      return;
    }
    // `take(n)` with no filter reads exactly n rows: one statement.
    this.reader = new RangeReader(
      scope,
      planQuery(scope.store, query),
      this.filters.length === 0 && this.remaining !== null ? this.remaining : 16,
    );
  }
  /** The next document's Convex-encoded JSON text, or null at the end. */
  next(): string | null {
    if (this.remaining !== null && this.remaining <= 0) return null;
    for (;;) {
      const json = this.reader.next();
      if (json === null) return null;
      if (this.filters.length > 0) {
        const doc = parseDoc(json);
        if (!this.filters.every((f) => evaluate(f, doc) === true)) continue;
      }
      if (this.remaining !== null) this.remaining -= 1;
      return json;
    }
  }
}

export type PageRequest = {
  query: SerializedQuery;
  cursor: string | null;
  endCursor: string | null;
  pageSize: number;
  maximumRowsRead: number | null;
  maximumBytesRead: number | null;
};

const END = "_end";
const encodeCursor = (key: Buffer) => key.toString("base64url");
const decodeCursor = (c: string) => Buffer.from(c, "base64url");

/**
 * A cursor is the key of the last row a page of this query read, so it lies in the
 * query's range. One that does not (forged, undecodable, or from another query) is
 * refused as Convex refuses it: taken as a starting point it would read outside the
 * range the function asked for, e.g. another tenant's rows of the same index.
 */
function cursorWithin(plan: Plan, cursor: string): Buffer {
  const key = decodeCursor(cursor);
  if (Buffer.compare(key, plan.lower) < 0 || Buffer.compare(key, plan.upper) >= 0)
    throw new Error("InvalidCursor: Tried to run a query starting from a cursor, but it looks like this cursor is from a different query.");
  return key;
}

/** `.paginate()`: one page plus the cursor to continue from. */
/** Search results are one ranked list (at most 1,024): pages are offsets into it. */
function paginateSearch(scope: ReadScope, req: PageRequest, source: SearchSource) {
  const rows = searchJson(scope, source);
  const start = req.cursor === null ? 0 : Number(Buffer.from(req.cursor, "base64url").toString()) || 0;
  const end =
    req.endCursor !== null
      ? Number(Buffer.from(req.endCursor, "base64url").toString()) || rows.length
      : Math.min(rows.length, start + req.pageSize);
  const cursorAt = (n: number) => Buffer.from(String(n)).toString("base64url");
  return { page: rows.slice(start, end), isDone: end >= rows.length, continueCursor: cursorAt(end), splitCursor: null, pageStatus: null };
}

export function paginate(scope: ReadScope, req: PageRequest) {
  if (req.query.source.type === "Search") return paginateSearch(scope, req, req.query.source);
  const plan = planQuery(scope.store, req.query);
  const filters = req.query.operators.flatMap((op) => ("filter" in op ? [op.filter] : []));
  if (req.cursor === END) return { page: [] as string[], isDone: true, continueCursor: END, splitCursor: null, pageStatus: null };
  if (req.cursor !== null) {
    const c = cursorWithin(plan, req.cursor);
    if (plan.order === "asc") plan.lower = successor(c);
    else plan.upper = c;
  }
  const full = { ...plan };
  if (req.endCursor !== null && req.endCursor !== END) {
    const c = cursorWithin(full, req.endCursor);
    if (plan.order === "asc") plan.upper = successor(c);
    else plan.lower = c;
  }
  const untilEnd = req.endCursor !== null;
  const rowsCap = req.maximumRowsRead;
  const bytesCap = req.maximumBytesRead;
  const expected = untilEnd || filters.length > 0 ? 16 : Math.min(req.pageSize, rowsCap ?? Infinity);
  const reader = new RangeReader(scope, plan, expected);
  const page: string[] = [];
  // Every row read (filtered out or not), for the split cursor: the middle of what this page read.
  const read: string[] = [];
  let bytesRead = 0;
  let pageStatus: "SplitRequired" | "SplitRecommended" | null = null;
  const splitAt = () => (read.length >= 2 ? encodeCursor(reader.keyOf(read[Math.floor((read.length - 1) / 2)])) : null);
  for (;;) {
    if (!untilEnd && page.length >= req.pageSize) break;
    // The page's read limits (maximumRowsRead / maximumBytesRead): stop, and tell the client to split the page.
    if ((rowsCap !== null && read.length >= rowsCap) || (bytesCap !== null && bytesRead >= bytesCap)) {
      pageStatus = "SplitRequired";
      break;
    }
    const json = reader.next();
    if (json === null) {
      // Stopping at endCursor is not the end of the range if rows follow it.
      const more = untilEnd && req.endCursor !== END && moreAfter(scope, full, decodeCursor(req.endCursor!));
      const status = approachingLimits(scope) ? "SplitRecommended" : null;
      return {
        page,
        isDone: !more,
        continueCursor: untilEnd ? req.endCursor! : END,
        splitCursor: status ? splitAt() : null,
        pageStatus: status,
      };
    }
    read.push(json);
    if (bytesCap !== null) bytesRead += convexSizeOfJson(json);
    if (filters.length > 0 && !filters.every((f) => evaluate(f, parseDoc(json)) === true)) continue;
    page.push(json);
  }
  if (pageStatus === null && approachingLimits(scope)) pageStatus = "SplitRecommended";
  const lastKey = untilEnd && pageStatus === null ? null : reader.lastKey();
  const continueCursor = untilEnd && pageStatus === null ? req.endCursor! : lastKey ? encodeCursor(lastKey) : (req.cursor ?? END);
  return { page, isDone: false, continueCursor, splitCursor: pageStatus ? splitAt() : null, pageStatus };
}

/**
 * The backend recommends a split once the function has read over half of
 * what a transaction may read (its `is_approaching_data_limit`), so a page
 * that keeps growing is split before it fails.
 */
function approachingLimits(scope: ReadScope): boolean {
  return scope.metrics.documentsRead > LIMITS.documentsRead / 2 || scope.metrics.bytesReadOver(LIMITS.bytesRead / 2);
}

function moreAfter(scope: ReadScope, plan: Plan, key: Buffer): boolean {
  const lower = plan.order === "asc" ? successor(key) : plan.lower;
  const upper = plan.order === "asc" ? plan.upper : key;
  if (Buffer.compare(lower, upper) >= 0) return false;
  if (plan.byId)
    return scope.store.idRangeJson(plan.table, lower.toString("latin1"), upper.toString("latin1"), "asc", 1, scope.write).length > 0;
  return scope.store.anyInRange(lower, upper, scope.write);
}

export function readDoc(scope: ReadScope, id: string): Doc | null {
  const json = readDocJson(scope, id);
  return json === null ? null : parseDoc(json);
}

/**
 * The same as stored: Convex-encoded JSON text, which is what `db.get` answers
 * the function with. Parsing it only to encode it again cost milliseconds for
 * a document with a 1,536-number embedding, several per recall.
 */
export function readDocJson(scope: ReadScope, id: string): string | null {
  const table = scope.store.tableNameOfId(id);
  if (table) scope.readTables.add(table);
  scope.readIds.add(id);
  scope.metrics.indexRange();
  const json = scope.store.getJson(id, scope.write);
  if (json === undefined) return null;
  scope.metrics.readJson(json);
  return json;
}
