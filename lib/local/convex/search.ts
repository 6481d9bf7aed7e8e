/**
 * Search indexes (`defineTable(...).searchIndex(...)`) on SQLite FTS5: one
 * virtual table per index, kept in the same transaction as the document
 * write. A query matches any of its terms (the last one as a prefix, as
 * Convex does for typeahead), ranked by BM25, at most 1,024 results, then
 * narrowed by the index's equality filter fields.
 */
import { afterPrefix, compareValues, getFieldPath } from "./values";
import { decodeQueryValue } from "./filters";
import { indexPrefix, parseDoc, type Doc, type SearchIndexDef } from "./rows";
import type { Store } from "./store";
import { LIMITS } from "./limits";
import type { ReadScope } from "./query-engine";

export type SearchSource = { type: "Search"; indexName: string; filters: { type: "Search" | "Eq"; fieldPath: string; value: unknown }[] };

const ftsTable = (def: { id: number }) => `fts_${def.id}`;

export function ensureSearchIndex(store: Store, table: string, name: string, searchField: string, filterFields: string[]) {
  const key = `${table}.${name}`;
  const existing = store.searchIndexes.get(key);
  if (existing && existing.searchField === searchField && JSON.stringify(existing.filterFields) === JSON.stringify(filterFields)) return;
  store.writer.transaction(() => {
    if (existing) dropSearchIndex(store, existing);
    // The same name was an ordinary or vector index (the schema changed its kind): it goes first.
    store.dropOtherKinds(table, name, "search");
    const info = store.writer
      .prepare("INSERT INTO indexes (tbl, name, spec) VALUES (?, ?, ?)")
      .run(table, name, JSON.stringify({ search: { searchField, filterFields } }));
    const def: SearchIndexDef = { id: Number(info.lastInsertRowid), table, name, searchField, filterFields };
    store.writer.exec(`CREATE VIRTUAL TABLE ${ftsTable(def)} USING fts5(doc_id UNINDEXED, body, tokenize = 'unicode61')`);
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
  if (typeof text === "string") store.writer.prepare(`INSERT INTO ${ftsTable(def)} (doc_id, body) VALUES (?, ?)`).run(doc._id, text);
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

/** The matching documents' JSON, best first, with the index's equality filters applied. */
export function searchJson(scope: ReadScope, source: SearchSource): string[] {
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
  if (!match) return [];
  const eqs = source.filters.filter((f) => f.type === "Eq").map((f) => ({ path: f.fieldPath, value: decodeQueryValue(f.value) }));
  const conn = scope.write ? scope.store.writer : scope.store.reader;
  const rows = conn
    .prepare(`SELECT d.json AS json FROM ${ftsTable(def)} f JOIN docs d ON d.id = f.doc_id WHERE ${ftsTable(def)} MATCH ? ORDER BY rank`)
    .pluck()
    .iterate(match) as Iterable<string>;
  const out: string[] = [];
  for (const json of rows) {
    const doc = parseDoc(json);
    if (!eqs.every((e) => compareValues(getFieldPath(doc, e.path), e.value) === 0)) continue;
    // As on Convex, the filter fields are part of the index: only results count as documents read.
    scope.metrics.readJson(json);
    out.push(json);
    if (out.length >= LIMITS.searchResults) break;
  }
  return out;
}
