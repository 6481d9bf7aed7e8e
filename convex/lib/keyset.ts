/**
 * Keyset paging over one Convex index: a page starts strictly after a cursor
 * that holds the previous row's index values and `_creationTime` (the index's
 * implicit last field), so a page costs its own rows however deep it is, and
 * can be read in either direction. "Strictly after (a, b, t)" is a short run
 * of index ranges: (= a, = b, > t), then (= a, > b), then (> a). Index ranges
 * compare `_creationTime` at most, never `_id`, which Convex's range builder
 * does not take; `_creationTime` is unique within a table.
 */
import type { GenericDatabaseReader } from "convex/server";
import { convexToJson, jsonToConvex, type Value } from "convex/values";
import type { DataModel, TableNames } from "../_generated/dataModel";
import { appError } from "./errors";

type Bound = { value: Value; inclusive: boolean };
export type KeysetRequest = {
  table: TableNames;
  index: string;
  /** The index's fields, without the implicit `_creationTime`. */
  fields: string[];
  /** Values for the leading fields (equality). */
  eq: Value[];
  /** Optional bounds on the first field after `eq`. */
  lower?: Bound;
  upper?: Bound;
  order: "asc" | "desc";
  /** Where the previous page ended (from `encodeKey`), or null for the first page. */
  cursor: string | null;
  limit: number;
  /** Rows failing it are skipped (and still count as scanned). */
  keep?: (doc: Record<string, Value>) => boolean;
  /** Stop after scanning this many rows; the cursor then resumes after the last one scanned. */
  maxScan?: number;
};

type Range = {
  eq(f: string, v: Value): Range;
  gt(f: string, v: Value): Range;
  gte(f: string, v: Value): Range;
  lt(f: string, v: Value): Range;
  lte(f: string, v: Value): Range;
};

export const keyOf = (doc: Record<string, Value>, fields: string[]) => [...fields.map((f) => doc[f] ?? null), doc._creationTime];
export const encodeKey = (key: Value[]) => JSON.stringify(convexToJson(key));

function decodeKey(cursor: string, req: KeysetRequest): Value[] {
  let key: unknown = null;
  try {
    key = jsonToConvex(JSON.parse(cursor));
  } catch {
    // reported below
  }
  const ok =
    Array.isArray(key) &&
    key.length === req.fields.length + 1 &&
    req.eq.every((v, i) => JSON.stringify(convexToJson(v)) === JSON.stringify(convexToJson((key as Value[])[i])));
  if (!ok) throw appError("INVALID", "This page link no longer matches the list; start again from the first page.", "cursor");
  return key as Value[];
}

/** The ranges, in order, that together hold every row after `after` (or all rows when null). */
function ranges(req: KeysetRequest, after: Value[] | null): ((q: Range) => Range)[] {
  const all = [...req.fields, "_creationTime"];
  const n = req.eq.length;
  const prefix = (q: Range, upTo: number, key: Value[]) => {
    let r = q;
    for (let j = 0; j < upTo; j++) r = r.eq(all[j], j < n ? req.eq[j] : key[j]);
    return r;
  };
  const bounded = (r: Range, lower = req.lower, upper = req.upper) => {
    let out = r;
    if (lower) out = lower.inclusive ? out.gte(all[n], lower.value) : out.gt(all[n], lower.value);
    if (upper) out = upper.inclusive ? out.lte(all[n], upper.value) : out.lt(all[n], upper.value);
    return out;
  };
  if (!after) return [(q) => bounded(prefix(q, n, []))];
  const out: ((q: Range) => Range)[] = [];
  for (let level = all.length - 1; level >= n; level--) {
    const past = { value: after[level], inclusive: false };
    out.push((q) => {
      const r = prefix(q, level, after);
      if (level > n) return req.order === "asc" ? r.gt(all[level], past.value) : r.lt(all[level], past.value);
      return req.order === "asc" ? bounded(r, past, req.upper) : bounded(r, req.lower, past);
    });
  }
  return out;
}

export async function keysetPage<T extends Record<string, Value>>(db: GenericDatabaseReader<DataModel>, req: KeysetRequest) {
  const after = req.cursor === null ? null : decodeKey(req.cursor, req);
  const page: T[] = [];
  let scanned = 0;
  let last: T | null = null;
  for (const range of ranges(req, after)) {
    const query = db
      .query(req.table)
      .withIndex(req.index as never, range as never)
      .order(req.order);
    for await (const doc of query as AsyncIterable<T>) {
      if (page.length === req.limit || (req.maxScan !== undefined && scanned >= req.maxScan)) {
        // One more row exists (or the scan budget is spent): there is another page.
        return { page, hasMore: true, cursor: encodeKey(keyOf(last!, req.fields)) };
      }
      scanned++;
      last = doc;
      if (!req.keep || req.keep(doc)) page.push(doc);
    }
  }
  return { page, hasMore: false, cursor: last ? encodeKey(keyOf(last, req.fields)) : req.cursor };
}
