/**
 * The SQLite file behind convex-local. One `docs` table holds every document
 * (as Convex-encoded JSON); one `idx` table holds every entry of every Convex
 * index as an order-preserving BLOB key (see values.ts), so an index range read
 * is a B-tree seek plus k rows. Writes happen on one connection inside one
 * transaction per mutation; queries read through a second connection, which in
 * WAL mode only ever sees committed data.
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { convexToJson } from "convex/values";
import { afterPrefix, encodeTuple, getFieldPath } from "./values";
import { newDocumentId, tableNumberOfId } from "./ids";
import { dropSearchIndex, writeSearch } from "./search";
import { dropVectorIndex, VECTOR_TABLE_SQL, vectorTransactionEnded, writeVectors, type VectorIndexDef } from "./vector";
import { indexPrefix, parseDoc, type Doc, type IndexDef, type SearchIndexDef } from "./rows";

export type { Doc, IndexDef, SearchIndexDef } from "./rows";
export { indexPrefix, parseDoc } from "./rows";
export type Conn = Database.Database;
export type Row = { key: Buffer; json: string };

const FIRST_USER_TABLE = 10001;
export const SYSTEM_TABLES: Record<string, { number: number; indexes: Record<string, string[]> }> = {
  _scheduled_functions: { number: 1, indexes: { by_state_time: ["state.kind", "scheduledTime"] } },
  _storage: { number: 2, indexes: {} },
};

export class DataFileError extends Error {}

/**
 * Read tuning for both connections: the main file is memory-mapped (reads of
 * committed pages skip a read() call and a copy; SQLite only ever reads
 * through the map, writes still go through the WAL) and each connection keeps
 * a 64 MiB page cache. Exported so a benchmark's hand-written SQL can run with
 * the same settings.
 */
export const READ_PRAGMAS = ["mmap_size = 1073741824", "cache_size = -65536"];

function openConnection(file: string): Conn {
  const db = new Database(file, { timeout: 5000 });
  db.pragma("journal_mode = WAL");
  // NORMAL in WAL mode: a committed transaction survives a killed process
  // (only an OS crash or power loss can lose the last commits).
  db.pragma("synchronous = NORMAL");
  for (const p of READ_PRAGMAS) db.pragma(p);
  return db;
}

export class Store {
  readonly writer: Conn;
  readonly reader: Conn;
  private tableNumbers = new Map<string, number>();
  private tableNames = new Map<number, string>();
  private indexes = new Map<string, IndexDef>(); // "table.index"
  private indexesByTable: Map<string, IndexDef[]> | null = null; // derived from `indexes`, rebuilt after any change
  readonly searchIndexes = new Map<string, SearchIndexDef>();
  readonly vectorIndexes = new Map<string, VectorIndexDef>();
  private lastCreationTime = 0;
  /** The lastCreationTime the database holds: a commit that inserted nothing leaves the meta row alone. */
  private savedCreationTime = 0;
  private stmts: Record<string, Database.Statement>;
  private readerStmts: Record<string, Database.Statement>;

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      this.writer = openConnection(file);
      this.writer.exec(`
        CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS tables (name TEXT PRIMARY KEY, number INTEGER NOT NULL UNIQUE);
        CREATE TABLE IF NOT EXISTS indexes (id INTEGER PRIMARY KEY, tbl TEXT NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, UNIQUE(tbl, name));
        CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, tbl INTEGER NOT NULL, json TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS idx (key BLOB PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, path TEXT NOT NULL);
      `);
      this.writer.exec(VECTOR_TABLE_SQL);
      const format = this.writer.prepare("SELECT v FROM meta WHERE k = 'format'").get() as { v: string } | undefined;
      if (format && format.v !== "convex-local/1") throw new Error(`unknown format ${format.v}`);
      if (!format) this.writer.prepare("INSERT INTO meta VALUES ('format', 'convex-local/1')").run();
    } catch (e) {
      throw new DataFileError(
        `convex-local cannot use data file ${file}: ${(e as Error).message}. It was left untouched; move it away or choose another --data-dir.`,
      );
    }
    this.reader = openConnection(file);
    this.stmts = this.prepare(this.writer);
    this.readerStmts = this.prepare(this.reader);
    this.reloadCatalog();
    const last = this.writer.prepare("SELECT v FROM meta WHERE k = 'lastCreationTime'").get() as { v: string } | undefined;
    this.lastCreationTime = last ? Number(last.v) : 0;
    this.savedCreationTime = this.lastCreationTime;
    for (const [name, sys] of Object.entries(SYSTEM_TABLES)) this.ensureTable(name, sys.number, sys.indexes);
  }

  /** Re-reads tables and indexes (after a rollback undid a table or index created in it). */
  reloadCatalog() {
    this.tableNumbers.clear();
    this.tableNames.clear();
    this.indexes.clear();
    this.indexesByTable = null;
    this.searchIndexes.clear();
    this.vectorIndexes.clear();
    for (const row of this.writer.prepare("SELECT name, number FROM tables").all() as { name: string; number: number }[]) {
      this.tableNumbers.set(row.name, row.number);
      this.tableNames.set(row.number, row.name);
    }
    for (const row of this.writer.prepare("SELECT id, tbl, name, spec FROM indexes").all() as {
      id: number;
      tbl: string;
      name: string;
      spec: string;
    }[]) {
      const spec = JSON.parse(row.spec);
      if (spec.vector) this.vectorIndexes.set(`${row.tbl}.${row.name}`, { id: row.id, table: row.tbl, name: row.name, ...spec.vector });
      else if (spec.search)
        this.searchIndexes.set(`${row.tbl}.${row.name}`, { id: row.id, table: row.tbl, name: row.name, ...spec.search });
      else this.indexes.set(`${row.tbl}.${row.name}`, { id: row.id, table: row.tbl, name: row.name, fields: spec.fields });
    }
  }

  countTable(table: string, write: boolean): number {
    const def = this.index(table, "by_creation_time");
    if (!def) return 0;
    const prefix = indexPrefix(def.id);
    return this.countRange(prefix, afterPrefix(prefix), write);
  }

  private prepare(db: Conn) {
    return {
      getDoc: db.prepare("SELECT json FROM docs WHERE id = ?").pluck(),
      putDoc: db.prepare("INSERT OR REPLACE INTO docs (id, tbl, json) VALUES (?, ?, ?)"),
      delDoc: db.prepare("DELETE FROM docs WHERE id = ?"),
      putIdx: db.prepare("INSERT INTO idx (key, id) VALUES (?, ?)"),
      delIdx: db.prepare("DELETE FROM idx WHERE key = ?"),
      rangeAsc: db.prepare(
        "SELECT i.key AS key, d.json AS json FROM idx i JOIN docs d ON d.id = i.id WHERE i.key >= ? AND i.key < ? ORDER BY i.key ASC LIMIT ?",
      ),
      rangeDesc: db.prepare(
        "SELECT i.key AS key, d.json AS json FROM idx i JOIN docs d ON d.id = i.id WHERE i.key >= ? AND i.key < ? ORDER BY i.key DESC LIMIT ?",
      ),
      // The query path reads documents' JSON text only (no per-row key BLOB to copy out).
      rangeJsonAsc: db
        .prepare("SELECT d.json FROM idx i JOIN docs d ON d.id = i.id WHERE i.key >= ? AND i.key < ? ORDER BY i.key ASC LIMIT ?")
        .pluck(),
      rangeJsonDesc: db
        .prepare("SELECT d.json FROM idx i JOIN docs d ON d.id = i.id WHERE i.key >= ? AND i.key < ? ORDER BY i.key DESC LIMIT ?")
        .pluck(),
      any: db.prepare("SELECT 1 FROM idx WHERE key >= ? AND key < ? LIMIT 1").pluck(),
      // The system index by_id: a table's documents in id order (its ids share the table-number prefix).
      idRangeAsc: db.prepare("SELECT json FROM docs WHERE id >= ? AND id < ? AND tbl = ? ORDER BY id ASC LIMIT ?").pluck(),
      idRangeDesc: db.prepare("SELECT json FROM docs WHERE id >= ? AND id < ? AND tbl = ? ORDER BY id DESC LIMIT ?").pluck(),
      count: db.prepare("SELECT count(*) FROM idx WHERE key >= ? AND key < ?").pluck(),
      getMeta: db.prepare("SELECT v FROM meta WHERE k = ?").pluck(),
      putMeta: db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)"),
    };
  }

  private conn(write: boolean) {
    return write ? this.stmts : this.readerStmts;
  }

  tableNumber(name: string): number | undefined {
    return this.tableNumbers.get(name);
  }

  tableNameOfId(id: string): string | null {
    const n = tableNumberOfId(id);
    return n === null ? null : (this.tableNames.get(n) ?? null);
  }

  /** Allocates a table (and its by_creation_time index) on first use. */
  ensureTable(name: string, fixedNumber?: number, extraIndexes: Record<string, string[]> = {}): number {
    let n = this.tableNumbers.get(name);
    // Fast path (every insert calls this): a known table with nothing extra to check.
    if (
      n !== undefined &&
      fixedNumber === undefined &&
      this.indexes.has(`${name}.by_creation_time`) &&
      Object.keys(extraIndexes).length === 0
    )
      return n;
    if (n === undefined) {
      n = fixedNumber ?? Math.max(FIRST_USER_TABLE - 1, ...this.tableNames.keys()) + 1;
      this.writer.prepare("INSERT INTO tables (name, number) VALUES (?, ?)").run(name, n);
      this.tableNumbers.set(name, n);
      this.tableNames.set(n, name);
    }
    this.ensureIndex(name, "by_creation_time", []);
    for (const [idx, fields] of Object.entries(extraIndexes)) this.ensureIndex(name, idx, fields);
    return n;
  }

  /** Creates the index if missing or changed, backfilling it from the table. */
  ensureIndex(table: string, name: string, fields: string[]): IndexDef {
    const key = `${table}.${name}`;
    const existing = this.indexes.get(key);
    if (existing && JSON.stringify(existing.fields) === JSON.stringify(fields)) return existing;
    const run = this.writer.transaction(() => {
      if (existing) this.dropIndex(existing);
      // The same name was a search or vector index (the schema changed its kind): it goes first.
      this.dropOtherKinds(table, name, "index");
      const info = this.writer
        .prepare("INSERT INTO indexes (tbl, name, spec) VALUES (?, ?, ?)")
        .run(table, name, JSON.stringify({ fields }));
      const def: IndexDef = { id: Number(info.lastInsertRowid), table, name, fields };
      const tableNo = this.tableNumbers.get(table);
      if (tableNo !== undefined) {
        // Read in batches, not with an open iterator: the connection writes index rows in between.
        for (const json of this.tableJson(table)) {
          const doc = parseDoc(json);
          this.stmts.putIdx.run(this.indexKey(def, doc), doc._id);
        }
      }
      this.indexes.set(key, def);
      this.indexesByTable = null;
      return def;
    });
    return run();
  }

  /** Drops an index named `table.name` of another kind than `keep` (a schema changed the index's kind). */
  dropOtherKinds(table: string, name: string, keep: "index" | "search" | "vector") {
    const key = `${table}.${name}`;
    const ordinary = this.indexes.get(key);
    if (ordinary && keep !== "index") this.dropIndex(ordinary);
    const search = this.searchIndexes.get(key);
    if (search && keep !== "search") dropSearchIndex(this, search);
    const vector = this.vectorIndexes.get(key);
    if (vector && keep !== "vector") dropVectorIndex(this, vector);
  }

  dropIndex(def: IndexDef) {
    const prefix = indexPrefix(def.id);
    this.writer.prepare("DELETE FROM idx WHERE key >= ? AND key < ?").run(prefix, afterPrefix(prefix));
    this.writer.prepare("DELETE FROM indexes WHERE id = ?").run(def.id);
    this.indexes.delete(`${def.table}.${def.name}`);
    this.indexesByTable = null;
  }

  /** Indexes of a table that the current schema no longer declares are removed. */
  pruneIndexes(keep: Set<string>) {
    for (const [key, def] of this.indexes) {
      if (def.name === "by_creation_time" || def.table.startsWith("_")) continue;
      if (!keep.has(key)) this.dropIndex(def);
    }
  }

  index(table: string, name: string): IndexDef | undefined {
    return this.indexes.get(`${table}.${name}`);
  }

  indexesOf(table: string): IndexDef[] {
    if (!this.indexesByTable) {
      this.indexesByTable = new Map();
      for (const def of this.indexes.values()) {
        const list = this.indexesByTable.get(def.table) ?? [];
        list.push(def);
        this.indexesByTable.set(def.table, list);
      }
    }
    return this.indexesByTable.get(table) ?? [];
  }

  indexKey(def: IndexDef, doc: Doc): Buffer {
    const values = def.fields.map((f) => getFieldPath(doc, f));
    values.push(doc._creationTime, doc._id);
    return encodeTuple(indexPrefix(def.id), values);
  }

  getJson(id: string, write: boolean): string | undefined {
    return this.conn(write).getDoc.get(id) as string | undefined;
  }

  range(lower: Buffer, upper: Buffer, order: "asc" | "desc", limit: number, write: boolean): Row[] {
    const s = this.conn(write);
    return (order === "asc" ? s.rangeAsc : s.rangeDesc).all(lower, upper, limit) as Row[];
  }

  /** The documents' JSON in [lower, upper), in index order. */
  rangeJson(lower: Buffer, upper: Buffer, order: "asc" | "desc", limit: number, write: boolean): string[] {
    const s = this.conn(write);
    return (order === "asc" ? s.rangeJsonAsc : s.rangeJsonDesc).all(lower, upper, limit) as string[];
  }

  /** Every document of a table as stored JSON (schema checks; not a query path). */
  *tableJson(table: string): Iterable<string> {
    const tbl = this.tableNumbers.get(table);
    if (tbl === undefined) return;
    const page = this.writer.prepare("SELECT id, json FROM docs WHERE tbl = ? AND id > ? ORDER BY id LIMIT 1000");
    for (let after = ""; ;) {
      const rows = page.all(tbl, after) as { id: string; json: string }[];
      for (const r of rows) yield r.json;
      if (rows.length < 1000) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** The table's documents with lower <= _id < upper, in id order (the by_id index). */
  idRangeJson(table: string, lower: string, upper: string, order: "asc" | "desc", limit: number, write: boolean): string[] {
    const tbl = this.tableNumbers.get(table);
    if (tbl === undefined) return [];
    const s = this.conn(write);
    return (order === "asc" ? s.idRangeAsc : s.idRangeDesc).all(lower, upper, tbl, limit) as string[];
  }

  anyInRange(lower: Buffer, upper: Buffer, write: boolean): boolean {
    return this.conn(write).any.get(lower, upper) !== undefined;
  }

  countRange(lower: Buffer, upper: Buffer, write: boolean): number {
    return this.conn(write).count.get(lower, upper) as number;
  }

  newId(table: string): string {
    return newDocumentId(this.ensureTable(table));
  }

  nextCreationTime(): number {
    const now = Date.now();
    this.lastCreationTime = now > this.lastCreationTime ? now : this.lastCreationTime + 0.001;
    return this.lastCreationTime;
  }

  /** Applies one document change (insert: old null; delete: next null) to docs and indexes. */
  write(table: string, old: Doc | null, next: Doc | null): Buffer[] {
    const touched: Buffer[] = [];
    for (const def of this.indexesOf(table)) {
      const oldKey = old ? this.indexKey(def, old) : null;
      const newKey = next ? this.indexKey(def, next) : null;
      if (oldKey && newKey && oldKey.equals(newKey)) {
        touched.push(oldKey); // same position, new contents: readers of this key must re-run
        continue;
      }
      if (oldKey) {
        this.stmts.delIdx.run(oldKey);
        touched.push(oldKey);
      }
      if (newKey) {
        this.stmts.putIdx.run(newKey, next!._id);
        touched.push(newKey);
      }
    }
    if (next) this.stmts.putDoc.run(next._id, this.tableNumbers.get(table)!, JSON.stringify(convexToJson(next)));
    else if (old) this.stmts.delDoc.run(old._id);
    if (this.searchIndexes.size > 0) writeSearch(this, table, old, next);
    if (this.vectorIndexes.size > 0) writeVectors(this, table, old, next);
    return touched;
  }

  getMeta(k: string, write = true): string | undefined {
    return this.conn(write).getMeta.get(k) as string | undefined;
  }

  setMeta(k: string, v: string) {
    this.stmts.putMeta.run(k, v);
  }

  begin() {
    this.writer.exec("BEGIN IMMEDIATE");
  }
  commit() {
    // Written only when it moved: a read-only mutation (a recall behind the API-key door) then commits nothing,
    // so the reader connection keeps its page cache instead of re-reading pages after every mutation.
    const creationTime = this.lastCreationTime;
    if (creationTime !== this.savedCreationTime) this.setMeta("lastCreationTime", String(creationTime));
    this.writer.exec("COMMIT");
    this.savedCreationTime = creationTime;
    if (this.vectorIndexes.size > 0) vectorTransactionEnded(this);
  }
  rollback() {
    if (this.writer.inTransaction) this.writer.exec("ROLLBACK");
    if (this.vectorIndexes.size > 0) vectorTransactionEnded(this);
  }

  close() {
    this.reader.close();
    this.writer.close();
  }
}
