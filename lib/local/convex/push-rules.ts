/**
 * What a Convex deployment refuses when code is pushed, checked here so that
 * convex-local (start-up, reload), codegen and `npm test` refuse the same
 * things with the backend's own words. Without this, a name the deployment
 * rejects (a hyphen in a module file, a reserved table name) works offline and
 * only fails at `npx convex deploy`.
 *
 * The rules and messages follow get-convex/convex-backend:
 * - module paths: sync_types' path component check, wrapped by
 *   `parse_module_path` ("<path> is not a valid path to a Convex module. ...");
 * - identifiers: value::identifier (`check_valid_identifier`), used for table
 *   names, object field names in schemas and index field paths;
 * - schemas: common::schemas::json (`TableDefinition` parsing) and
 *   index_validation_error for the index rules and their messages.
 */

/** A push the deployment would refuse: `code` is the backend's short error code. */
export class PushRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "PushRefused";
  }
}

const MAX_IDENTIFIER_LEN = 64;
const MAX_INDEX_FIELDS = 16;
const MAX_SEARCH_FILTER_FIELDS = 16;
const MAX_INDEXES_PER_TABLE = 64;
const MAX_VECTOR_FILTER_FIELDS = 16;
// common::bootstrap_model::index::vector_index: MIN_VECTOR_DIMENSIONS..=MAX_VECTOR_DIMENSIONS.
const MIN_VECTOR_DIMENSIONS = 2;
const MAX_VECTOR_DIMENSIONS = 4096;

// ---------------------------------------------------------------- module paths

/** The reason a module path component is refused, or null. */
export function pathComponentProblem(component: string): string | null {
  if (component.length > MAX_IDENTIFIER_LEN) {
    return `Path component is too long (${component.length} > maximum ${MAX_IDENTIFIER_LEN}): ${component.slice(0, MAX_IDENTIFIER_LEN)}...`;
  }
  if (!/^[A-Za-z0-9_.]*$/.test(component)) {
    return `Path component ${component} can only contain alphanumeric characters, underscores, or periods.`;
  }
  if (!/[A-Za-z0-9]/.test(component)) return `Path component ${component} must have at least one alphanumeric character.`;
  return null;
}

/**
 * Checks module paths as they are pushed: relative to the functions folder,
 * `/`-separated, with the bundle's `.js` extension (what the backend names
 * `lib/api-door.js`). Accepts source paths (`lib/api-door.ts`) too.
 */
export function checkModulePaths(relPaths: string[]): void {
  const problems: string[] = [];
  for (const rel of relPaths) {
    const pushed =
      rel
        .split(/[\\/]/)
        .join("/")
        .replace(/\.(ts|tsx|mts|cts|jsx|mjs|cjs|js)$/, "") + ".js";
    for (const component of pushed.split("/")) {
      const problem = pathComponentProblem(component);
      if (problem) {
        problems.push(`${pushed} is not a valid path to a Convex module. ${problem}`);
        break;
      }
    }
  }
  if (problems.length > 0) throw new PushRefused("InvalidConfig", problems.join("\n"));
}

// ----------------------------------------------------------------- identifiers

/** A character as the backend prints it (Rust's `{:?}` of a char). */
function rustChar(c: string): string {
  return `'${c === "'" ? "\\'" : c === "\\" ? "\\\\" : c}'`;
}

/** value::identifier's check: the reason `s` is not an identifier, or null. */
export function identifierProblem(s: string): string | null {
  if (s.length === 0) return "Identifier cannot be empty";
  const first = s[0];
  if (!/[A-Za-z_]/.test(first)) {
    return `Invalid first character ${rustChar(first)} in ${s}: Identifiers must start with an alphabetic character or underscore`;
  }
  const bad = [...s].find((c) => !/[A-Za-z0-9_]/.test(c));
  if (bad !== undefined) {
    return `Identifier ${s} has invalid character ${rustChar(bad)}: Identifiers can only contain alphanumeric characters or underscores`;
  }
  if (s.length > MAX_IDENTIFIER_LEN) return `Identifier is too long (${s.length} > maximum ${MAX_IDENTIFIER_LEN})`;
  if (/^_+$/.test(s)) return `Identifier ${s} cannot have exclusively underscores`;
  return null;
}

/** value::identifier's field name check (any object key): the reason, or null. */
function fieldNameProblem(s: string): string | null {
  if (s.startsWith("$")) return `Field name ${s} starts with '$', which is reserved.`;
  const bad = [...s].find((c) => c.charCodeAt(0) > 127 || c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
  if (bad !== undefined) {
    return `Field name ${s} has invalid character ${rustChar(bad)}: Field names can only contain non-control ASCII characters`;
  }
  if (s.length > 1024) return `Field name is too long (${s.length} > maximum 1024)`;
  return null;
}

// ---------------------------------------------------------------------- schema

type FieldJson = { fieldType: ValidatorJson; optional?: boolean };
type ValidatorJson =
  | { type: "object"; value: Record<string, FieldJson> }
  | { type: "union"; value: ValidatorJson[] }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: FieldJson }
  | { type: "id"; tableName: string }
  | { type: string; [k: string]: unknown };

export type SchemaJson = {
  tables: {
    tableName: string;
    indexes: { indexDescriptor: string; fields: string[] }[];
    stagedDbIndexes?: { indexDescriptor: string; fields: string[] }[];
    searchIndexes?: { indexDescriptor: string; searchField: string; filterFields: string[] }[];
    stagedSearchIndexes?: { indexDescriptor: string; searchField: string; filterFields: string[] }[];
    vectorIndexes?: { indexDescriptor: string; vectorField: string; dimensions?: number; filterFields: string[] }[];
    stagedVectorIndexes?: { indexDescriptor: string; vectorField: string; dimensions?: number; filterFields: string[] }[];
    documentType: ValidatorJson | null;
  }[];
  schemaValidation?: boolean;
};

/** Object keys in a schema must be identifiers (IdentifierFieldName), at every depth. */
function checkValidator(v: ValidatorJson, topLevel: boolean): void {
  if (v.type === "object") {
    for (const [key, field] of Object.entries((v as { value: Record<string, FieldJson> }).value)) {
      const problem = fieldNameProblem(key) ?? identifierProblem(key);
      if (problem) throw new PushRefused("InvalidSchema", problem);
      // The backend drops top-level system fields from a schema and refuses
      // documents that carry them, so such a field could never hold data.
      if (topLevel && key.startsWith("_")) {
        throw new PushRefused(
          "InvalidSchema",
          `Field name ${key} starts with an underscore: top-level fields starting with "_" are reserved for system fields (like _id and _creationTime).`,
        );
      }
      try {
        checkValidator(field.fieldType, false);
      } catch (e) {
        if (e instanceof PushRefused)
          throw new PushRefused(e.code, `Invalid validator for key \`${key}\`: ${e.message.slice(e.code.length + 2)}`);
        throw e;
      }
    }
  } else if (v.type === "union") {
    // A union of objects at the top level is a union of document shapes: each keeps top-level rules.
    for (const member of (v as { value: ValidatorJson[] }).value) checkValidator(member, topLevel);
  } else if (v.type === "array") {
    checkValidator((v as { value: ValidatorJson }).value, false);
  } else if (v.type === "record") {
    const r = v as { keys: ValidatorJson; values: FieldJson };
    checkValidator(r.keys, false);
    checkValidator(r.values.fieldType, false);
  } else if (v.type === "id") {
    const table = (v as { tableName: string }).tableName;
    const problem = identifierProblem(table);
    if (problem)
      throw new PushRefused(
        "InvalidTableName",
        `Invalid table name: "${table}". Identifiers must start with a letter and can only contain letters, digits, and underscores.`,
      );
  }
}

/** Index field paths (`a.b.c`) are `.`-separated identifiers. */
function checkFieldPath(index: string, field: string): void {
  const trimmed = field.replace(/^\.+|\.+$/g, "");
  const bad = trimmed === "" || trimmed.split(".").some((c) => fieldNameProblem(c) ?? identifierProblem(c));
  if (bad) throw new PushRefused("InvalidIndexField", `In index "${index}": Invalid index field: "${field}"`);
}

function checkIndexName(table: string, name: string): void {
  if (identifierProblem(name) !== null || !/^[A-Za-z_]/.test(name)) {
    throw new PushRefused(
      "InvalidIndexName",
      `Invalid index name: "${name}". Identifiers must be 64 characters or less, start with a letter, and only contain letters, digits, underscores.`,
    );
  }
  if (name.startsWith("_") || name === "by_id" || name === "by_creation_time") {
    throw new PushRefused(
      "IndexNameReserved",
      `In table "${table}" cannot name an index "${name}" because the name is reserved. Indexes may not start with an underscore or be named "by_id" or "by_creation_time".`,
    );
  }
}

/** Could a document of this type hold a value at `path`? (the backend's `can_contain_field`) */
function canContain(v: ValidatorJson | null, path: string[]): boolean {
  if (v === null || path.length === 0 || v.type === "any") return true;
  if (v.type === "union") return (v as { value: ValidatorJson[] }).value.some((m) => canContain(m, path));
  if (v.type !== "object") return false;
  const field = (v as { value: Record<string, FieldJson> }).value[path[0]];
  return field !== undefined && (path.length === 1 || canContain(field.fieldType, path.slice(1)));
}

/** Throws the backend's error for the first thing in `schema` a deployment refuses. */
export function checkSchema(schema: SchemaJson): void {
  const seenTables = new Set<string>();
  for (const t of schema.tables) {
    const table = t.tableName;
    if (identifierProblem(table) !== null) {
      throw new PushRefused(
        "InvalidTableName",
        `Invalid table name: "${table}". Identifiers must start with a letter and can only contain letters, digits, and underscores.`,
      );
    }
    if (table.startsWith("_")) throw new PushRefused("TableNameReserved", `${table} is a reserved table name.`);
    if (seenTables.has(table)) throw new PushRefused("InvalidSchema", `Table "${table}" is defined twice.`);
    seenTables.add(table);
    if (t.documentType) {
      try {
        checkValidator(t.documentType, true);
      } catch (e) {
        if (e instanceof PushRefused) throw new PushRefused(e.code, `In table "${table}": ${e.message.slice(e.code.length + 2)}`);
        throw e;
      }
    }

    const dbIndexes = [...t.indexes, ...(t.stagedDbIndexes ?? [])];
    const searchIndexes = [...(t.searchIndexes ?? []), ...(t.stagedSearchIndexes ?? [])];
    const vectorIndexes = [...(t.vectorIndexes ?? []), ...(t.stagedVectorIndexes ?? [])];
    if (dbIndexes.length + searchIndexes.length + vectorIndexes.length > MAX_INDEXES_PER_TABLE) {
      throw new PushRefused("TooManyIndexes", `Table "${table}" cannot have more than ${MAX_INDEXES_PER_TABLE} indexes.`);
    }
    const wrap = (index: string, run: () => void) => {
      try {
        run();
      } catch (e) {
        if (e instanceof PushRefused && !e.message.includes(`"${table}"`)) {
          throw new PushRefused(e.code, `In table "${table}": ${e.message.slice(e.code.length + 2)}`);
        }
        throw e;
      }
    };

    const byFields = new Map<string, string>();
    for (const idx of dbIndexes) {
      wrap(idx.indexDescriptor, () => {
        for (const f of idx.fields) checkFieldPath(idx.indexDescriptor, f);
        if (idx.fields.length > MAX_INDEX_FIELDS)
          throw new PushRefused(
            "IndexTooManyFields",
            `In index "${idx.indexDescriptor}": Indexes may have up to ${MAX_INDEX_FIELDS} fields.`,
          );
        if (idx.fields.includes("_id")) {
          throw new PushRefused(
            "IndexFieldsContainId",
            `In index "${idx.indexDescriptor}": \`_id\` is not a valid index field. To load documents by ID, use \`db.get(id)\`.`,
          );
        }
        const seen = new Set<string>();
        for (const f of idx.fields) {
          if (seen.has(f))
            throw new PushRefused(
              "FieldsNotUniqueWithinIndex",
              `In index "${idx.indexDescriptor}": Duplicate field "${f}". Index fields must be unique within an index.`,
            );
          seen.add(f);
        }
      });
      if (idx.fields.length === 0)
        throw new PushRefused("EmptyIndex", `In table "${table}" index "${idx.indexDescriptor}" must have at least one field.`);
      const key = idx.fields.join("\u0000");
      const other = byFields.get(key);
      if (other !== undefined) {
        throw new PushRefused(
          "IndexNotUnique",
          `In table "${table}" index "${idx.indexDescriptor}" and index "${other}" have the same fields. Indexes must be unique within a table.`,
        );
      }
      byFields.set(key, idx.indexDescriptor);
    }

    const bySearchField = new Map<string, string>();
    for (const idx of searchIndexes) {
      wrap(idx.indexDescriptor, () => {
        for (const f of [idx.searchField, ...idx.filterFields]) checkFieldPath(idx.indexDescriptor, f);
        if (idx.filterFields.length > MAX_SEARCH_FILTER_FIELDS)
          throw new PushRefused("IndexTooManyFilterFields", `Search indexes may have up to ${MAX_SEARCH_FILTER_FIELDS} filter fields.`);
      });
      const other = bySearchField.get(idx.searchField);
      if (other !== undefined) {
        throw new PushRefused(
          "SearchIndexFieldNotUnique",
          `In table "${table}" search index "${idx.indexDescriptor}" and search index "${other}" have the same \`searchField\`. Search index fields must be unique within a table.`,
        );
      }
      bySearchField.set(idx.searchField, idx.indexDescriptor);
    }
    for (const idx of vectorIndexes)
      wrap(idx.indexDescriptor, () => {
        [idx.vectorField, ...idx.filterFields].forEach((f) => checkFieldPath(idx.indexDescriptor, f));
        const d = idx.dimensions;
        if (typeof d !== "number" || !Number.isInteger(d) || d < MIN_VECTOR_DIMENSIONS || d > MAX_VECTOR_DIMENSIONS)
          throw new PushRefused(
            "InvalidVectorDimensionError",
            `In index "${idx.indexDescriptor}": Dimensions ${String(d)} must be between ${MIN_VECTOR_DIMENSIONS} and ${MAX_VECTOR_DIMENSIONS}.`,
          );
        if (idx.filterFields.length > MAX_VECTOR_FILTER_FIELDS)
          throw new PushRefused("IndexTooManyFilterFields", `Vector indexes may have up to ${MAX_VECTOR_FILTER_FIELDS} filter fields.`);
        if (new Set(idx.filterFields).size !== idx.filterFields.length)
          throw new PushRefused(
            "FieldsNotUniqueWithinIndex",
            `In index "${idx.indexDescriptor}": Duplicate filter field. Index fields must be unique within an index.`,
          );
      });

    const names = new Set<string>();
    for (const name of [...dbIndexes, ...searchIndexes, ...vectorIndexes].map((i) => i.indexDescriptor)) {
      checkIndexName(table, name);
      if (names.has(name)) throw new PushRefused("IndexNamesNotUnique", `Table "${table}" has two or more definitions of index "${name}".`);
      names.add(name);
    }

    // With schema validation on, an index may only name fields the documents can have.
    if (schema.schemaValidation !== false && t.documentType) {
      const referenced: [string, string][] = [
        ...dbIndexes.flatMap((i) => i.fields.map((f): [string, string] => [i.indexDescriptor, f])),
        ...searchIndexes.flatMap((i) => [i.searchField, ...i.filterFields].map((f): [string, string] => [i.indexDescriptor, f])),
        ...vectorIndexes.flatMap((i) => [i.vectorField, ...i.filterFields].map((f): [string, string] => [i.indexDescriptor, f])),
      ];
      for (const [index, field] of referenced) {
        if (field === "_creationTime") continue;
        if (!canContain(t.documentType, field.split("."))) {
          throw new PushRefused(
            "SchemaDefinitionError",
            `In table "${table}" the index "${index}" is invalid because it references the field "${field}" that does not exist.`,
          );
        }
      }
    }
  }
}
