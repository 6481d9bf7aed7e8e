/**
 * Search indexes (`defineTable(...).searchIndex(...)`) on SQLite FTS5: one
 * virtual table per index, kept in the same transaction as the document
 * write. A query matches any of its terms (the last one as a prefix, as
 * Convex does for typeahead), ranked by BM25 over the search field, at most
 * 1,024 results, narrowed by the index's equality filter fields.
 *
 * The filter fields are part of the index, as on Convex: each document's filter
 * values are indexed too, as tokens (a hash of the values' key encodings), and
 * the MATCH requires them, so a search reads and ranks only the documents
 * inside its filter. One tenant's search costs the same however much text
 * other tenants hold. A hash can collide, so each result is checked again.
 *
 * A document has one token per combination of its filter fields (every
 * non-empty subset, up to COMBINED_FIELDS fields; one per field beyond), and a
 * query requires the one token of exactly its equality fields. One token per
 * field would be enough to select the right documents, but not to keep the
 * cost flat: bm25() counts each phrase's matches over the whole table (its
 * IDF), and a value every tenant shares (a scope, an empty context) has a
 * posting list as long as the table. With the combined token the only filter
 * phrase is as long as the query's own filter set.
 */
import type Database from "better-sqlite3";
import { hash } from "node:crypto";
import { afterPrefix, compareValues, encodeValue, getFieldPath, type MaybeValue } from "./values";
import { decodeQueryValue } from "./filters";
import { indexPrefix, parseDoc, type Doc, type SearchIndexDef } from "./rows";
import type { Store } from "./store";
import { LIMITS } from "./limits";
import type { ReadScope } from "./query-engine";

export type SearchSource = { type: "Search"; indexName: string; filters: { type: "Search" | "Eq"; fieldPath: string; value: unknown }[] };

const ftsTable = (def: { id: number }) => `fts_${def.id}`;
/**
 * 1: the search field only; 2: plus one token per filter field; 3: one token per combination of filter fields,
 * and the filter values' encodings (`fvals`), so a result is checked without parsing its document.
 */
const FTS_LAYOUT = 3;
/** Up to this many filter fields, every combination has its token (2^n - 1 per document); beyond it, one per field. */
const COMBINED_FIELDS = 5;

/**
 * The token of `fields` (field numbers, ascending, no repeats) holding `values`:
 * letters and digits only, so unicode61 keeps it as one token. The field set is
 * in the token (a bit mask), each value's encoding is length-prefixed.
 */
function filterToken(fields: number[], values: Buffer[]): string {
  let mask = 0;
  for (const f of fields) mask |= 1 << f;
  const parts = values.flatMap((bytes) => [Buffer.from(`${bytes.length}:`), bytes]);
  return `f${mask.toString(16)}x${hash("sha1", Buffer.concat(parts), "hex").slice(0, 20)}`;
}

const fieldSets = new Map<number, number[][]>();
/** The field sets a document of this index has a token for: every non-empty subset, or each field alone. */
function indexedFieldSets(count: number): number[][] {
  let sets = fieldSets.get(count);
  if (sets) return sets;
  sets = [];
  if (count > COMBINED_FIELDS) for (let i = 0; i < count; i++) sets.push([i]);
  else for (let mask = 1; mask < 1 << count; mask++) sets.push([...Array(count).keys()].filter((i) => mask & (1 << i)));
  fieldSets.set(count, sets);
  return sets;
}

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
    store.writer.exec(
      `CREATE VIRTUAL TABLE ${ftsTable(def)} USING fts5(doc_id UNINDEXED, body, filters, fvals UNINDEXED, tokenize = 'unicode61')`,
    );
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

/** A document's filter tokens in this index, as indexed (one per field set of indexedFieldSets). */
function docTokens(def: SearchIndexDef, doc: Doc): { encoded: Buffer[]; tokens: string[] } {
  const encoded = def.filterFields.map((path) => encodeValue(getFieldPath(doc, path)));
  const tokens = indexedFieldSets(encoded.length).map((set) =>
    filterToken(
      set,
      set.map((i) => encoded[i]),
    ),
  );
  return { encoded, tokens };
}

/** Statements per connection and SQL text: preparing an FTS5 statement costs more than running a small one. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statement(conn: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(conn);
  if (!byText) statements.set(conn, (byText = new Map()));
  let st = byText.get(sql);
  if (!st) byText.set(sql, (st = conn.prepare(sql)));
  return st;
}

function indexDoc(store: Store, def: SearchIndexDef, doc: Doc) {
  const text = getFieldPath(doc, def.searchField);
  if (typeof text !== "string") return;
  const { encoded, tokens } = docTokens(def, doc);
  statement(store.writer, `INSERT INTO ${ftsTable(def)} (doc_id, body, filters, fvals) VALUES (?, ?, ?, ?)`).run(
    doc._id,
    text,
    tokens.join(" "),
    encoded.map((b) => b.toString("hex")).join(","),
  );
}

/**
 * Removes the document's row. doc_id is not indexed, so `WHERE doc_id = ?` alone reads every row of the index
 * (0.6-0.8 s at a million memories, for each delete or patch); the row was indexed from the stored document
 * `old`, so it holds old's filter tokens, and the MATCH on them reads only its partition. Without filter fields
 * there is no token to narrow by.
 */
function unindexDoc(store: Store, def: SearchIndexDef, old: Doc) {
  const fts = ftsTable(def);
  if (typeof getFieldPath(old, def.searchField) !== "string") return; // never indexed (indexDoc skipped it)
  if (def.filterFields.length === 0) {
    statement(store.writer, `DELETE FROM ${fts} WHERE doc_id = ?`).run(old._id);
    return;
  }
  // The most selective of its tokens: every field together (or, beyond COMBINED_FIELDS, each field's own).
  const { tokens } = docTokens(def, old);
  const narrow = def.filterFields.length <= COMBINED_FIELDS ? [tokens[tokens.length - 1]] : tokens;
  const removed = statement(
    store.writer,
    `DELETE FROM ${fts} WHERE rowid IN (SELECT rowid FROM ${fts} WHERE ${fts} MATCH ? AND doc_id = ?)`,
  ).run(`filters : (${narrow.map((t) => `"${t}"`).join(" AND ")})`, old._id).changes;
  // An indexed document always has its row: not finding it by its tokens would mean they were computed otherwise
  // when it was indexed, and a row left behind would be searched. Reading every row then settles it.
  if (removed === 0) statement(store.writer, `DELETE FROM ${fts} WHERE doc_id = ?`).run(old._id);
}

/** Keeps every search index of `table` in step with one document change. */
export function writeSearch(store: Store, table: string, old: Doc | null, next: Doc | null) {
  for (const def of store.searchIndexes.values()) {
    if (def.table !== table) continue;
    if (old) unindexDoc(store, def, old);
    if (next) indexDoc(store, def, next);
  }
}

/**
 * The filter tokens a query requires: the one token of its set of equality
 * fields when the index has it; else (a field given twice, or more fields
 * than COMBINED_FIELDS) each field's own token, all of them.
 */
function requiredTokens(count: number, eqs: { field: number; value: MaybeValue }[]): string[] {
  if (eqs.length === 0) return [];
  const sorted = [...eqs].sort((a, b) => a.field - b.field);
  const distinct = sorted.every((e, i) => i === 0 || sorted[i - 1].field !== e.field);
  const tokens =
    distinct && count <= COMBINED_FIELDS
      ? [
          filterToken(
            sorted.map((e) => e.field),
            sorted.map((e) => encodeValue(e.value)),
          ),
        ]
      : sorted.map((e) => filterToken([e.field], [encodeValue(e.value)]));
  return tokens.map((t) => `"${t}"`);
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
  const required = requiredTokens(
    def.filterFields.length,
    eqs.flatMap((e, i) => (fields[i] < 0 ? [] : [{ field: fields[i], value: e.value }])),
  );
  const expression = `body : (${match})${required.length ? ` AND filters : (${required.join(" AND ")})` : ""}`;
  // Every equality is in the index: a result is dropped only on a hash collision, so twice the cap is plenty.
  // One that is not (only checked below) may drop any number of them: rank every match.
  const cap = fields.every((f) => f >= 0) ? LIMITS.searchResults * 2 : -1;
  const conn = scope.write ? scope.store.writer : scope.store.reader;
  const fts = ftsTable(def);
  // Weights per column (doc_id, body, filters, fvals): relevance is the search field's alone. All rows at once
  // (not an open cursor): the function may write on this connection between two reads.
  const rows = statement(conn, `SELECT doc_id, fvals FROM ${fts} WHERE ${fts} MATCH ? ORDER BY bm25(${fts}, 0, 1, 0, 0) LIMIT ?`)
    .raw(true)
    .all(expression, cap) as [string, string][];
  // Equalities on indexed fields are checked against the row's stored encodings; only one on a field the index
  // does not filter by needs the document parsed (a document with an embedding is tens of kilobytes).
  const indexed = eqs.flatMap((e, i) => (fields[i] < 0 ? [] : [{ field: fields[i], hex: encodeValue(e.value).toString("hex") }]));
  const unindexed = eqs.filter((_e, i) => fields[i] < 0);
  let i = 0;
  let returned = 0;
  return {
    next() {
      while (i < rows.length && returned < LIMITS.searchResults) {
        const [id, fvals] = rows[i++];
        const stored = fvals.split(",");
        if (!indexed.every((e) => stored[e.field] === e.hex)) continue;
        const json = scope.store.getJson(id, scope.write);
        if (json === undefined) continue;
        if (unindexed.length > 0) {
          const doc = parseDoc(json);
          if (!unindexed.every((e) => compareValues(getFieldPath(doc, e.path), e.value) === 0)) continue;
        }
        // As on Convex, the filter fields are part of the index: only results count as documents read.
        scope.metrics.readJson(json);
        returned++;
        return json;
      }
      return null;
    },
  };
}
