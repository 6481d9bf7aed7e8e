/**
 * Search indexes (`defineTable(...).searchIndex(...)`) on SQLite FTS5: one
 * virtual table per index, kept in the same transaction as the document
 * write. A query matches any of its terms (the last one as a prefix, as
 * Convex does for typeahead), ranked by BM25 over the search field, at most
 * 1,024 results, narrowed by the index's equality filter fields.
 *
 * The filter fields are part of the index, as on Convex: each document's filter
 * values are indexed too (one token per field, a hash of the value's key
 * encoding), and the MATCH requires them, so a search reads and ranks only the
 * documents inside its filter. One tenant's search costs the same however much
 * text other tenants hold. A hash can collide, so each result is checked again.
 */
import { createHash } from "node:crypto";
import { afterPrefix, compareValues, encodeValue, getFieldPath, type MaybeValue } from "./values";
import { decodeQueryValue } from "./filters";
import { indexPrefix, parseDoc, type Doc, type SearchIndexDef } from "./rows";
import type { Store } from "./store";
import { LIMITS } from "./limits";
import type { ReadScope } from "./query-engine";

export type SearchSource = { type: "Search"; indexName: string; filters: { type: "Search" | "Eq"; fieldPath: string; value: unknown }[] };

const ftsTable = (def: { id: number }) => `fts_${def.id}`;
/** 1: the search field only; 2: plus a column of filter-value tokens. */
const FTS_LAYOUT = 2;
/** Letters and digits only, so unicode61 keeps each as one token. */
const filterToken = (field: number, value: MaybeValue) =>
  `f${field}x${createHash("sha1").update(encodeValue(value)).digest("hex").slice(0, 20)}`;

export function ensureSearchIndex(store: Store, table: string, name: string, searchField: string, filterFields: string[]) {
  const key = `${table}.${name}`;
  const existing = store.searchIndexes.get(key);
  if (
    existing &&
    existing.layout === FTS_LAYOUT &&
    existing.searchField === searchField &&
    JSON.stringify(existing.filterFields) === JSON.stringify(filterFields)
  )
    return;
  store.writer.transaction(() => {
    if (existing) dropSearchIndex(store, existing);
    // The same name was an ordinary or vector index (the schema changed its kind): it goes first.
    store.dropOtherKinds(table, name, "search");
    const info = store.writer
      .prepare("INSERT INTO indexes (tbl, name, spec) VALUES (?, ?, ?)")
      .run(table, name, JSON.stringify({ search: { searchField, filterFields, layout: FTS_LAYOUT } }));
    const def: SearchIndexDef = { id: Number(info.lastInsertRowid), table, name, searchField, filterFields, layout: FTS_LAYOUT };
    store.writer.exec(`CREATE VIRTUAL TABLE ${ftsTable(def)} USING fts5(doc_id UNINDEXED, body, filters, tokenize = 'unicode61')`);
    const byCreation = store.index(table, "by_creation_time");
    if (byCreation) {
      const prefix = indexPrefix(byCreation.id);
      for (const json of store.rangeJson(prefix, afterPrefix(prefix), "asc", Number.MAX_SAFE_INTEGER, true)) {
        indexDoc(store, def, parseDoc(json));
      }
    }
    store.searchIndexes.set(key, def);
  })();
}

export function dropSearchIndex(store: Store, def: SearchIndexDef) {
  store.writer.exec(`DROP TABLE IF EXISTS ${ftsTable(def)}`);
  store.writer.prepare("DELETE FROM indexes WHERE id = ?").run(def.id);
  store.searchIndexes.delete(`${def.table}.${def.name}`);
}

function indexDoc(store: Store, def: SearchIndexDef, doc: Doc) {
  const text = getFieldPath(doc, def.searchField);
  if (typeof text !== "string") return;
  const filters = def.filterFields.map((path, i) => filterToken(i, getFieldPath(doc, path))).join(" ");
  store.writer.prepare(`INSERT INTO ${ftsTable(def)} (doc_id, body, filters) VALUES (?, ?, ?)`).run(doc._id, text, filters);
}

/** Keeps every search index of `table` in step with one document change. */
export function writeSearch(store: Store, table: string, old: Doc | null, next: Doc | null) {
  for (const def of store.searchIndexes.values()) {
    if (def.table !== table) continue;
    if (old) store.writer.prepare(`DELETE FROM ${ftsTable(def)} WHERE doc_id = ?`).run(old._id);
    if (next) indexDoc(store, def, next);
  }
}

/** Terms OR-ed, each quoted (no FTS syntax from users), the last one a prefix. */
function matchExpression(query: string): string | null {
  const terms = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (terms.length === 0) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? "*" : ""}`).join(" OR ");
}

/** The matching documents' JSON, best first, with the index's equality filters applied (all of them: pagination). */
export function searchJson(scope: ReadScope, source: SearchSource): string[] {
  const reader = searchReader(scope, source);
  const out: string[] = [];
  for (let json = reader.next(); json !== null; json = reader.next()) out.push(json);
  return out;
}

/**
 * The same, one document at a time. The ranking reads only ids and scores;
 * a document's JSON is read (and parsed, for the filter check) when it is
 * asked for, so `take(10)` reads ten documents, not every match: with stored
 * embeddings a document is tens of kilobytes, and reading all matches was
 * most of a recall's time.
 */
export function searchReader(scope: ReadScope, source: SearchSource): { next(): string | null } {
  const [table, name] = source.indexName.split(".");
  const def = scope.store.searchIndexes.get(`${table}.${name}`);
  if (!def) throw new Error(`Search index ${source.indexName} not found.`);
  // Any write to the table may change a relevance-ranked result: read the whole table's range.
  const byCreation = scope.store.index(table, "by_creation_time");
  if (byCreation) {
    const lower = indexPrefix(byCreation.id);
    scope.readRanges.push({ lower, upper: afterPrefix(lower) });
  }
  scope.readTables.add(table);
  scope.metrics.indexRange();
  const text = source.filters.find((f) => f.type === "Search");
  const match = text ? matchExpression(String(text.value)) : null;
  if (!match) return { next: () => null };
  const eqs = source.filters.filter((f) => f.type === "Eq").map((f) => ({ path: f.fieldPath, value: decodeQueryValue(f.value) }));
  const fields = eqs.map((e) => def.filterFields.indexOf(e.path));
  const required = eqs.flatMap((e, i) => (fields[i] < 0 ? [] : [`"${filterToken(fields[i], e.value)}"`]));
  const expression = `body : (${match})${required.length ? ` AND filters : (${required.join(" AND ")})` : ""}`;
  // Every equality is in the index: a result is dropped only on a hash collision, so twice the cap is plenty.
  // One that is not (only checked below) may drop any number of them: rank every match.
  const cap = fields.every((f) => f >= 0) ? LIMITS.searchResults * 2 : -1;
  const conn = scope.write ? scope.store.writer : scope.store.reader;
  const fts = ftsTable(def);
  // Weights per column (doc_id, body, filters): relevance is the search field's alone. All ids at once (not
  // an open cursor): the function may write on this connection between two reads.
  const ids = conn
    .prepare(`SELECT doc_id FROM ${fts} WHERE ${fts} MATCH ? ORDER BY bm25(${fts}, 0, 1, 0) LIMIT ?`)
    .pluck()
    .all(expression, cap) as string[];
  let i = 0;
  let returned = 0;
  return {
    next() {
      while (i < ids.length && returned < LIMITS.searchResults) {
        const json = scope.store.getJson(ids[i++], scope.write);
        if (json === undefined) continue;
        const doc = parseDoc(json);
        if (!eqs.every((e) => compareValues(getFieldPath(doc, e.path), e.value) === 0)) continue;
        // As on Convex, the filter fields are part of the index: only results count as documents read.
        scope.metrics.readJson(json);
        returned++;
        return json;
      }
      return null;
    },
  };
}
