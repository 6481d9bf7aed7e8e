/**
 * Applying a schema to an existing data directory, as a schema push does on a
 * deployment: documents are checked against the new document types first
 * (a mismatch refuses the schema, naming the documents, and changes nothing),
 * then indexes are added and backfilled, changed (including between `index`,
 * `searchIndex` and `vectorIndex` under one name), renamed or dropped in one transaction.
 * Documents are never touched: a table left out of the schema keeps its data.
 */
import type { Store } from "./store";
import { parseDoc } from "./store";
import { checkValue, type ValidatorJson } from "./validators";
import { dropSearchIndex, ensureSearchIndex } from "./search";
import { dropVectorIndex, ensureVectorIndex } from "./vector";
import { localName } from "./components";

export type SchemaJson = {
  tables: {
    tableName: string;
    indexes: { indexDescriptor: string; fields: string[] }[];
    searchIndexes?: { indexDescriptor: string; searchField: string; filterFields: string[] }[];
    vectorIndexes?: { indexDescriptor: string; vectorField: string; dimensions: number; filterFields: string[] }[];
    documentType: ValidatorJson | null;
    /** The component the table belongs to (its name here is the stored one, see components.ts); "" or absent: the app. */
    component?: string;
  }[];
  schemaValidation: boolean;
};

/** The schema refused: existing documents do not match it. Nothing was changed. */
export class SchemaMismatchError extends Error {}

/** At most this many mismatching documents are named (a push names the first it finds). */
const NAMED = 5;
const APPLIED = "schema";

/** Documents of the tables whose document type changed since the last applied schema, checked against it. */
function mismatches(store: Store, schema: SchemaJson): string[] {
  if (!schema.schemaValidation) return [];
  const prev = JSON.parse(store.getMeta(APPLIED) ?? "null") as SchemaJson | null;
  const found: string[] = [];
  for (const t of schema.tables) {
    if (!t.documentType) continue;
    const before = prev?.schemaValidation ? prev.tables.find((p) => p.tableName === t.tableName) : undefined;
    if (before && JSON.stringify(before.documentType) === JSON.stringify(t.documentType)) continue;
    for (const json of store.tableJson(t.tableName)) {
      const { _id, _creationTime, ...fields } = parseDoc(json);
      const err = checkValue(t.documentType, fields, (id) => localName(t.component ?? "", store.tableNameOfId(id)));
      if (err) found.push(`Document with ID "${_id}" in table "${t.tableName}" does not match the schema: ${err}`);
      if (found.length >= NAMED) return found;
      void _creationTime;
    }
  }
  return found;
}

export function applySchema(store: Store, schema: SchemaJson) {
  const bad = mismatches(store, schema);
  if (bad.length > 0) {
    throw new SchemaMismatchError(
      `Schema validation failed.\n${bad.join("\n")}${bad.length >= NAMED ? "\n(and possibly more)" : ""}\nThe schema was not applied and no document was changed; make the field optional or migrate the documents first.`,
    );
  }
  const keep = new Set<string>();
  try {
    store.writer.transaction(() => {
      for (const t of schema.tables) {
        store.ensureTable(t.tableName);
        for (const idx of t.indexes) {
          store.ensureIndex(t.tableName, idx.indexDescriptor, idx.fields);
          keep.add(`${t.tableName}.${idx.indexDescriptor}`);
        }
        for (const idx of t.searchIndexes ?? []) {
          ensureSearchIndex(store, t.tableName, idx.indexDescriptor, idx.searchField, idx.filterFields);
          keep.add(`${t.tableName}.${idx.indexDescriptor}`);
        }
        for (const idx of t.vectorIndexes ?? []) {
          ensureVectorIndex(store, t.tableName, idx.indexDescriptor, idx.vectorField, idx.dimensions, idx.filterFields);
          keep.add(`${t.tableName}.${idx.indexDescriptor}`);
        }
      }
      store.pruneIndexes(keep);
      for (const [key, def] of [...store.searchIndexes]) if (!keep.has(key)) dropSearchIndex(store, def);
      for (const [key, def] of [...store.vectorIndexes]) if (!keep.has(key)) dropVectorIndex(store, def);
      store.setMeta(APPLIED, JSON.stringify(schema));
    })();
  } catch (e) {
    store.reloadCatalog(); // the transaction rolled back: forget indexes it had created
    throw e;
  }
}
