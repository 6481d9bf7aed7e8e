/**
 * The row shapes the store, the query engine and the search index share, and
 * the two helpers that read them. Kept below all three so none has to import
 * another for them (store.ts writes search entries; search.ts reads documents).
 */
import { jsonToConvex, type Value } from "convex/values";

export type Doc = Record<string, Value> & { _id: string; _creationTime: number };
export type IndexDef = { id: number; table: string; name: string; fields: string[] };
/** `layout`: how its FTS5 table is built (search.ts FTS_LAYOUT); an index of an older layout is rebuilt at start. */
export type SearchIndexDef = { id: number; table: string; name: string; searchField: string; filterFields: string[]; layout?: number };

/** The 4-byte key prefix of one index's entries in the idx table. */
export function indexPrefix(id: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(id);
  return b;
}

export function parseDoc(json: string): Doc {
  return jsonToConvex(JSON.parse(json)) as Doc;
}
