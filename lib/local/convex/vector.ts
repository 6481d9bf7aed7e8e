/**
 * Vector indexes (`defineTable(...).vectorIndex(...)`) and `ctx.vectorSearch`.
 *
 * Storage: one `vec` table keyed by (index id, filter field number, encoded
 * filter value, document id), each row holding the document's vector,
 * normalized, as a Float32 BLOB. A document has one row per filter field (one
 * row under field 0 with an empty value when the index has none), so a search
 * filtered to a tenant is a B-tree range scan of that tenant's partition and
 * never reads another tenant's vectors; `q.or` is the union of partitions.
 * Scoring is exact: cosine similarity (a dot product of the normalized
 * vectors) over every vector in the partitions, in JS over Float32Arrays.
 * Rows are written in the document's own transaction, so a rolled-back
 * mutation leaves no vector behind and a committed one survives a restart.
 *
 * Semantics follow get-convex/convex-backend (crates/vector): a document whose
 * vector field is missing, not an array of float64 or of the wrong length is
 * not refused but left out of the index (`VectorSchema::index`); the query
 * vector must have the index's dimensions (`VectorDimensionsMismatch`); limit
 * defaults to 10 and may not exceed 256 (`VectorLimitTooLargeError`); filters
 * are `q.eq` or `q.or` of `q.eq` on filter fields only
 * (`IncorrectVectorFilterField`), at most 64 values
 * (`TooManyElementsInVectorQueryError`).
 */
import type Database from "better-sqlite3";
import { encodeValue, getFieldPath, type MaybeValue } from "./values";
import { decodeQueryValue } from "./filters";
import { parseDoc, type Doc } from "./rows";
import type { Store } from "./store";
import { buildScreen, candidates, screenBytes, type Screen } from "./vector-screen";

export type VectorIndexDef = { id: number; table: string; name: string; vectorField: string; dimensions: number; filterFields: string[] };

export const VECTOR_LIMITS = { defaultResults: 10, maxResults: 256, maxFilterValues: 64 };
export const VECTOR_TABLE_SQL = `CREATE TABLE IF NOT EXISTS vec (ix INTEGER NOT NULL, f INTEGER NOT NULL, val BLOB NOT NULL, id TEXT NOT NULL, v BLOB NOT NULL, PRIMARY KEY (ix, f, val, id)) WITHOUT ROWID`;

const NO_FILTER = Buffer.alloc(0);

/** The backend's error shape: its short code, then the message (what a deployment's caller reads). */
export class VectorError extends Error {
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
  }
}

type Stmts = { put: Database.Statement; del: Database.Statement; scan: Database.Statement; scanAll: Database.Statement };
const stmtCache = new WeakMap<Database.Database, Stmts>();
function stmts(db: Database.Database): Stmts {
  let s = stmtCache.get(db);
  if (!s) {
    s = {
      put: db.prepare("INSERT OR REPLACE INTO vec (ix, f, val, id, v) VALUES (?, ?, ?, ?, ?)"),
      del: db.prepare("DELETE FROM vec WHERE ix = ? AND f = ? AND val = ? AND id = ?"),
      scan: db.prepare("SELECT id, v FROM vec WHERE ix = ? AND f = ? AND val = ?").raw(),
      // Unfiltered: every document has exactly one row under field 0.
      scanAll: db.prepare("SELECT id, v FROM vec WHERE ix = ? AND f = 0").raw(),
    };
    stmtCache.set(db, s);
  }
  return s;
}

/** The document's vector, normalized, or null when the backend would leave the document out of the index. */
export function indexedVector(def: VectorIndexDef, doc: Doc): Float32Array | null {
  const arr = getFieldPath(doc, def.vectorField);
  if (!Array.isArray(arr) || arr.length !== def.dimensions) return null;
  const out = new Float32Array(def.dimensions);
  let norm = 0;
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== "number") return null;
    out[i] = x;
    norm += out[i] * out[i];
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  }
  return out;
}

/** (field number, encoded value) of each partition the document belongs to. */
function partitions(def: VectorIndexDef, doc: Doc): [number, Buffer][] {
  if (def.filterFields.length === 0) return [[0, NO_FILTER]];
  return def.filterFields.map((f, i) => [i, encodeValue(getFieldPath(doc, f))]);
}

function putDoc(store: Store, def: VectorIndexDef, doc: Doc) {
  const vec = indexedVector(def, doc);
  if (!vec) return;
  touched(store, def, doc);
  const blob = Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength);
  const s = stmts(store.writer);
  for (const [f, val] of partitions(def, doc)) s.put.run(def.id, f, val, doc._id, blob);
}

function delDoc(store: Store, def: VectorIndexDef, doc: Doc) {
  touched(store, def, doc);
  const s = stmts(store.writer);
  for (const [f, val] of partitions(def, doc)) s.del.run(def.id, f, val, doc._id);
}

/** Keeps every vector index of `table` in step with one document change (inside the write transaction). */
export function writeVectors(store: Store, table: string, old: Doc | null, next: Doc | null) {
  for (const def of store.vectorIndexes.values()) {
    if (def.table !== table) continue;
    // A patch that leaves the vector and the filter values alone does not touch the index.
    if (old && next && sameIndexedValues(def, old, next)) continue;
    if (old) delDoc(store, def, old);
    if (next) putDoc(store, def, next);
  }
}

function sameIndexedValues(def: VectorIndexDef, a: Doc, b: Doc): boolean {
  for (const f of def.filterFields) if (!encodeValue(getFieldPath(a, f)).equals(encodeValue(getFieldPath(b, f)))) return false;
  const va = getFieldPath(a, def.vectorField);
  const vb = getFieldPath(b, def.vectorField);
  if (va === vb) return true;
  if (!Array.isArray(va) || !Array.isArray(vb) || va.length !== vb.length) return false;
  for (let i = 0; i < va.length; i++) if (!Object.is(va[i], vb[i])) return false;
  return true;
}

/** Creates the index if missing or changed, backfilling it from the table's documents. */
export function ensureVectorIndex(
  store: Store,
  table: string,
  name: string,
  vectorField: string,
  dimensions: number,
  filterFields: string[],
) {
  const key = `${table}.${name}`;
  const existing = store.vectorIndexes.get(key);
  const spec = { vectorField, dimensions, filterFields };
  if (
    existing &&
    JSON.stringify({ vectorField: existing.vectorField, dimensions: existing.dimensions, filterFields: existing.filterFields }) ===
      JSON.stringify(spec)
  )
    return;
  clearCache(store); // index ids may be reused after a drop
  store.writer.transaction(() => {
    if (existing) dropVectorIndex(store, existing);
    store.dropOtherKinds(table, name, "vector");
    const info = store.writer
      .prepare("INSERT INTO indexes (tbl, name, spec) VALUES (?, ?, ?)")
      .run(table, name, JSON.stringify({ vector: spec }));
    const def: VectorIndexDef = { id: Number(info.lastInsertRowid), table, name, ...spec };
    for (const json of store.tableJson(table)) putDoc(store, def, parseDoc(json));
    store.vectorIndexes.set(key, def);
  })();
}

export function dropVectorIndex(store: Store, def: VectorIndexDef) {
  clearCache(store);
  store.writer.prepare("DELETE FROM vec WHERE ix = ?").run(def.id);
  store.writer.prepare("DELETE FROM indexes WHERE id = ?").run(def.id);
  store.vectorIndexes.delete(`${def.table}.${def.name}`);
}

// ------------------------------------------------------------ partition cache

/**
 * A partition's vectors as one contiguous Float32Array, built from the range
 * scan on first use and kept while the partition is unchanged: the scan
 * (a BLOB copy per row through SQLite's overflow pages) costs more than the
 * scoring, so repeated searches of one tenant read memory only. SQLite stays
 * the source of truth: a write drops the partitions it touches at once and
 * again when its transaction ends (a search in between reads, and may cache,
 * the committed state). Bounded by bytes, least recently used first; a
 * partition larger than the bound is scanned every time.
 */
/** Row 0 of `mat` is scratch for the query; document i is row i + 1; rows are `stride` floats (dims padded to 4, zeros). */
/** `screen`: the same rows as integers, for the first pass of a search (vector-screen.ts); null for small partitions. */
type Part = { ids: string[]; mat: Float32Array; stride: number; wasmDot: WasmDot | null; screen: Screen | null };
const partBytes = (p: Part) => p.mat.byteLength + screenBytes(p.screen);
type Cache = { parts: Map<string, Part>; bytes: number; pending: Set<string> };
const caches = new WeakMap<Store, Cache>();
export const VECTOR_CACHE_BYTES = Number(process.env.CONVEX_LOCAL_VECTOR_CACHE_MB ?? 1024) * 1024 * 1024;

function cacheOf(store: Store): Cache {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = { parts: new Map(), bytes: 0, pending: new Set() }));
  return c;
}
const partKey = (ix: number, f: number, val: Buffer | null) => `${ix}:${f}:${val === null ? "*" : val.toString("hex")}`;

function forget(c: Cache, key: string) {
  const p = c.parts.get(key);
  if (!p) return;
  c.bytes -= partBytes(p);
  c.parts.delete(key);
}

/** A write touched these partitions: drop them now, and again when the transaction ends. */
function touched(store: Store, def: VectorIndexDef, doc: Doc) {
  const c = cacheOf(store);
  const keys = [partKey(def.id, 0, null), ...partitions(def, doc).map(([f, val]) => partKey(def.id, f, val))];
  for (const k of keys) {
    forget(c, k);
    c.pending.add(k);
  }
}

/** Called by the store when a write transaction commits or rolls back. */
export function vectorTransactionEnded(store: Store) {
  const c = caches.get(store);
  if (!c || c.pending.size === 0) return;
  for (const k of c.pending) forget(c, k);
  c.pending.clear();
}

function clearCache(store: Store) {
  caches.delete(store);
}

function partition(store: Store, def: VectorIndexDef, f: number, val: Buffer | null): Part {
  const c = cacheOf(store);
  const key = partKey(def.id, f, val);
  const hit = c.parts.get(key);
  if (hit) {
    c.parts.delete(key); // re-inserted: most recently used last
    c.parts.set(key, hit);
    return hit;
  }
  const s = stmts(store.reader);
  const rows = (val === null ? s.scanAll.all(def.id) : s.scan.all(def.id, f, val)) as [string, Buffer][];
  const dims = def.dimensions;
  const stride = Math.ceil(dims / 4) * 4;
  const bytes = (rows.length + 1) * stride * 4;
  const memory = WASM_DOT ? new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) }) : null;
  const mat = memory ? new Float32Array(memory.buffer, 0, bytes / 4) : new Float32Array(bytes / 4);
  const ids: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [id, blob] = rows[i];
    ids[i] = id;
    const row =
      blob.byteOffset % 4 === 0
        ? new Float32Array(blob.buffer, blob.byteOffset, dims)
        : new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + dims * 4));
    mat.set(row, (i + 1) * stride);
  }
  const wasmDot = memory ? (new WebAssembly.Instance(WASM_DOT!, { e: { m: memory } }).exports.dot as WasmDot) : null;
  const part: Part = { ids, mat, stride, wasmDot, screen: null };
  if (mat.byteLength <= VECTOR_CACHE_BYTES) {
    // Only a cached partition gets the integer copy: building it costs about one exact scan.
    part.screen = buildScreen(mat, ids.length, dims, stride);
    c.parts.set(key, part);
    c.bytes += partBytes(part);
    for (const k of c.parts.keys()) {
      if (c.bytes <= VECTOR_CACHE_BYTES) break;
      forget(c, k);
    }
  }
  return part;
}

export type VectorQuery = { indexName: string; limit?: number | null; vector: unknown; expressions: unknown };

/** The `{ field, values }` conditions of a serialized filter: `$eq` or `$or` of `$eq` (VectorSearchExpression::from_expression). */
function conditions(expr: unknown): { field: string; value: MaybeValue }[] {
  if (expr === null || expr === undefined) return [];
  const e = expr as Record<string, unknown>;
  const eq = (x: unknown) => {
    const pair = (x as { $eq?: unknown[] }).$eq;
    const field = Array.isArray(pair) ? (pair[0] as { $field?: unknown })?.$field : undefined;
    const literal = Array.isArray(pair) ? (pair[1] as { $literal?: unknown }) : undefined;
    if (typeof field !== "string" || !literal || !("$literal" in literal)) {
      throw new VectorError("InvalidVectorFilter", "Vector search filters must be `q.eq(field, value)` or `q.or(...)` of `q.eq`.");
    }
    return { field, value: decodeQueryValue(literal.$literal) };
  };
  if ("$or" in e && Array.isArray(e.$or)) return e.$or.map(eq);
  return [eq(e)];
}

/** `ctx.vectorSearch`: the `limit` best `{ _id, _score }` by cosine similarity, best first. */
export function vectorSearch(store: Store, query: VectorQuery): { _id: string; _score: number }[] {
  const def = store.vectorIndexes.get(query.indexName);
  if (!def) {
    const [table, index] = query.indexName.split(".");
    throw new VectorError("IndexNotFound", `Index ${table}.${index} not found.`);
  }
  const limit = query.limit ?? VECTOR_LIMITS.defaultResults;
  if (!Number.isInteger(limit) || limit < 0) throw new VectorError("InvalidVectorLimit", `limit must be a whole number, got ${limit}.`);
  if (limit > VECTOR_LIMITS.maxResults) {
    throw new VectorError(
      "VectorLimitTooLargeError",
      `Vector queries can fetch at most ${VECTOR_LIMITS.maxResults} results, requested ${limit}.`,
    );
  }
  const conds = conditions(query.expressions);
  for (const c of conds) {
    if (!def.filterFields.includes(c.field)) {
      throw new VectorError(
        "IncorrectVectorFilterField",
        `Vector query against ${query.indexName} contains a filter on "${c.field}" but that field isn't indexed for filtering in \`filterFields\`.`,
      );
    }
  }
  if (conds.length > VECTOR_LIMITS.maxFilterValues) {
    throw new VectorError(
      "TooManyElementsInVectorQueryError",
      `Vector query against ${query.indexName} has too many conditions. Max: ${VECTOR_LIMITS.maxFilterValues} Actual: ${conds.length}`,
    );
  }
  const raw = query.vector as number[];
  if (!Array.isArray(raw) || raw.length !== def.dimensions) {
    throw new VectorError(
      "VectorDimensionsMismatch",
      `Expected a vector with dimensions ${def.dimensions}, received ${Array.isArray(raw) ? raw.length : 0}.`,
    );
  }
  const q = normalized(raw);
  const top = new TopK(limit);
  const parts: [number, Buffer | null][] =
    conds.length === 0 ? [[0, null]] : conds.map((c) => [def.filterFields.indexOf(c.field), encodeValue(c.value)]);
  // q.or across two fields can reach one document twice: count it once.
  const seen = parts.length > 1 ? new Set<string>() : null;
  for (const [f, val] of parts) {
    const { ids, mat, stride, wasmDot, screen } = partition(store, def, f, val);
    mat.set(q, 0); // the query in row 0 (its padding stays zero)
    // The rows that can be in the top `limit` (all of them without a screen), in row order.
    const rows = screen && limit < ids.length ? candidates(screen, q, limit) : null;
    for (let r = 0, end = rows ? rows.length : ids.length; r < end; r++) {
      const i = rows ? rows[r] : r;
      if (seen) {
        if (seen.has(ids[i])) continue;
        seen.add(ids[i]);
      }
      const off = (i + 1) * stride;
      top.offer(ids[i], wasmDot ? wasmDot(0, off * 4, stride) : dot(mat, off, stride));
    }
  }
  return top.sorted();
}

function normalized(raw: number[]): Float32Array {
  const out = new Float32Array(raw.length);
  let norm = 0;
  for (let i = 0; i < raw.length; i++) {
    out[i] = Number(raw[i]);
    norm += out[i] * out[i];
  }
  if (norm > 0) for (let i = 0; i < out.length; i++) out[i] /= Math.sqrt(norm);
  return out;
}

/** Dot product of row 0 (the query) with the row at `off`, `n` floats (a multiple of 4): the cosine, both being normalized. */
function dot(mat: Float32Array, off: number, n: number): number {
  let a = 0,
    b = 0,
    c = 0,
    d = 0;
  for (let i = 0; i < n; i += 4) {
    a += mat[i] * mat[off + i];
    b += mat[i + 1] * mat[off + i + 1];
    c += mat[i + 2] * mat[off + i + 2];
    d += mat[i + 3] * mat[off + i + 3];
  }
  return a + b + c + d;
}

/**
 * The same dot product with 128-bit SIMD (f32x4 multiply-add over the
 * partition's own WebAssembly memory), about 4x the scalar loop above; the
 * module is a dozen instructions, assembled here so no build step or
 * dependency is needed:
 *   (func (export "dot") (param $q i32) (param $m i32) (param $n i32) (result f32)
 *     (local $acc v128) (local $end i32)
 *     end = m + n*4; loop while m < end: acc += load(q) * load(m); q += 16; m += 16
 *     return acc[0] + acc[1] + acc[2] + acc[3])
 * with its memory imported as e.m. Null where WebAssembly SIMD is missing (the scalar loop serves).
 */
type WasmDot = (q: number, m: number, n: number) => number;
const WASM_DOT: WebAssembly.Module | null = (() => {
  try {
    return new WebAssembly.Module(
      Buffer.from(
        "AGFzbQEAAAABCAFgA39/fwF9AggBAWUBbQIAAQMCAQAHBwEDZG90AAAKXAFaAgF7AX8gASACQQJ0aiEEAkADQCABIARPDQEgAyAA/QACACAB/QACAP3mAf3kASEDIABBEGohACABQRBqIQEMAAsLIAP9HwAgA/0fAZIgA/0fApIgA/0fA5IL",
        "base64",
      ),
    );
  } catch {
    return null;
  }
})();

/** The k best scores seen, kept in a small sorted array (k <= 256). */
class TopK {
  private ids: string[] = [];
  private scores: number[] = [];
  constructor(private readonly k: number) {}
  offer(id: string, score: number) {
    const n = this.scores.length;
    if (this.k === 0 || (n === this.k && score <= this.scores[n - 1])) return;
    let i = n;
    while (i > 0 && this.scores[i - 1] < score) i--;
    this.scores.splice(i, 0, score);
    this.ids.splice(i, 0, id);
    if (this.scores.length > this.k) {
      this.scores.pop();
      this.ids.pop();
    }
  }
  sorted() {
    return this.ids.map((_id, i) => ({ _id, _score: this.scores[i] }));
  }
}
