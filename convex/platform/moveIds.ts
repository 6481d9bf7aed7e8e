/**
 * Ids inside a moved row, found from the schema's own validators (convex/schema.ts), never
 * from a list of field names: a table or field added later is remapped without touching
 * the move engine. No registered functions here (convex/platform/moveData.ts uses it).
 */
import schema from "../schema";
import type { MoveTable } from "../lib/moveHook";
import { retenant } from "../workspace/embeddings";

type Val = {
  kind: string;
  isOptional?: string;
  tableName?: string;
  fields?: Record<string, Val>;
  members?: Val[];
  element?: Val;
  key?: Val;
  value?: unknown;
};

const hasIdMemo = new WeakMap<Val, boolean>();
function hasId(v: Val): boolean {
  const known = hasIdMemo.get(v);
  if (known !== undefined) return known;
  let r = false;
  if (v.kind === "id") r = true;
  else if (v.kind === "object") r = Object.values(v.fields ?? {}).some(hasId);
  else if (v.kind === "union") r = (v.members ?? []).some(hasId);
  else if (v.kind === "array") r = hasId(v.element as Val);
  else if (v.kind === "record") r = hasId(v.key as Val) || hasId(v.value as Val);
  hasIdMemo.set(v, r);
  return r;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/** The member of a union a value belongs to, for the members that can hold ids. */
function memberFor(x: unknown, members: Val[]): Val | null {
  if (typeof x === "string") {
    if (members.some((m) => m.kind === "literal" && m.value === x)) return null;
    return members.find((m) => m.kind === "id") ?? null;
  }
  if (Array.isArray(x)) return members.find((m) => m.kind === "array") ?? null;
  if (isObject(x)) {
    const keys = Object.keys(x);
    const obj = members.find(
      (m) =>
        m.kind === "object" &&
        keys.every((k) => m.fields && k in m.fields) &&
        Object.entries(m.fields ?? {}).every(([k, f]) => f.isOptional === "optional" || k in x) &&
        // A literal discriminator (kind: "shared") must match too.
        Object.entries(m.fields ?? {}).every(([k, f]) => f.kind !== "literal" || f.value === x[k]),
    );
    return obj ?? members.find((m) => m.kind === "record") ?? null;
  }
  return null;
}

export type IdFn = (id: string, table: string) => string;

function walk(x: unknown, v: Val, f: IdFn): unknown {
  if (x === undefined || x === null || !hasId(v)) return x;
  switch (v.kind) {
    case "id":
      return typeof x === "string" ? f(x, v.tableName as string) : x;
    case "object": {
      if (!isObject(x)) return x;
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) out[k] = v.fields?.[k] ? walk(val, v.fields[k], f) : val;
      return out;
    }
    case "array":
      return Array.isArray(x) ? x.map((e) => walk(e, v.element as Val, f)) : x;
    case "record": {
      if (!isObject(x)) return x;
      const key = v.key as Val;
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(x)) out[key.kind === "id" ? f(k, key.tableName as string) : k] = walk(val, v.value as Val, f);
      return out;
    }
    case "union": {
      const m = memberFor(x, v.members ?? []);
      return m ? walk(x, m, f) : x;
    }
    default:
      return x;
  }
}

function validatorOf(table: MoveTable): Val {
  return (schema.tables[table] as unknown as { validator: Val }).validator;
}

/** Looks like a Convex id (lowercase base32): a key that does not is left alone rather than failing the move. */
const ID_LIKE = /^[0-9a-z]{16,64}$/;
const idOr = (s: string, table: string, f: IdFn) => (ID_LIKE.test(s) ? f(s, table) : s);

/** A record with each key passed through `key` (Object.fromEntries: a "__proto__" key stays a plain key). */
function rekey(x: unknown, key: (k: string) => string): unknown {
  return isObject(x) ? Object.fromEntries(Object.entries(x).map(([k, val]) => [key(k), val])) : x;
}

/**
 * Ids the schema cannot see: a `v.string()` (or a record key) that holds an id only by
 * convention. The one hand-kept list of the move engine; each entry names the code that
 * writes the convention. A field added later that stores ids in strings must be added
 * here (tests/scaling/move.test.ts checks the usage breakdowns after a move). Kept out on
 * purpose: idempotencyKeys.response and webhookDeliveries.payload (answers already sent,
 * replayed or shown as they were), notifications.link (paths by slug, not id).
 */
const CONVENTIONS: Partial<Record<MoveTable, (fields: Record<string, unknown>, f: IdFn) => Record<string, unknown>>> = {
  // convex/lib/usageDays.ts: agents by agent id, departments by id or "none", keys by
  // keyPairKey(agentId, apiKeyId); past MAX_ITEMIZED the rest sit under OTHER.
  usageDays: (r, f) => ({
    ...r,
    agents: rekey(r.agents, (k) => idOr(k, "agents", f)),
    departments: rekey(r.departments, (k) => idOr(k, "departments", f)),
    ...(r.keys === undefined
      ? {}
      : {
          keys: rekey(r.keys, (k) => {
            const [agent, apiKey, ...rest] = k.split(":");
            return apiKey === undefined || rest.length ? k : `${idOr(agent, "agents", f)}:${idOr(apiKey, "apiKeys", f)}`;
          }),
        }),
  }),
  // convex/workspace/settings.ts: the apiKeys or agents row the binding scopes, by `kind`.
  scopeBindings: (r, f) =>
    typeof r.subjectId === "string" && (r.kind === "apiKey" || r.kind === "agent")
      ? { ...r, subjectId: idOr(r.subjectId, r.kind === "apiKey" ? "apiKeys" : "agents", f) }
      : r,
  // convex/workspace/embeddings.ts's vectorFilters: `<tenantId>|<scope>[|<contextKey>]`, the vector
  // index's one-equality filters. The tenant's id differs on the target: left as the source's, vector
  // recall there would search a partition no row of the tenant is in (and verify would not see it,
  // both sides holding the same string).
  memoryEmbeddings: (r, f) => vectorIds(r, f),
  // The same strings on memories that predate memoryEmbeddings (workspace/migrations.ts's embeddingsToTable).
  memories: (r, f) => vectorIds(r, f),
};

function vectorIds(r: Record<string, unknown>, f: IdFn): Record<string, unknown> {
  const out = { ...r };
  for (const k of ["vectorScope", "vectorContext"])
    if (typeof r[k] === "string") out[k] = retenant(r[k] as string, (id) => idOr(id, "tenants", f));
  return out;
}

/** A row's fields (no _id, no _creationTime) with every id passed through `f`: the schema's, then the conventions'. */
export function mapIds(table: MoveTable, doc: Record<string, unknown>, f: IdFn): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(doc)) if (k !== "_id" && k !== "_creationTime") fields[k] = val;
  const mapped = walk(fields, validatorOf(table), f) as Record<string, unknown>;
  const convention = CONVENTIONS[table];
  return convention ? convention(mapped, f) : mapped;
}

/** Every (id, table) a row refers to. */
export function idsIn(table: MoveTable, doc: Record<string, unknown>): { id: string; table: string }[] {
  const out: { id: string; table: string }[] = [];
  mapIds(table, doc, (id, t) => (out.push({ id, table: t }), id));
  return out;
}

/** JSON with sorted keys: the same content gives the same text on either deployment. */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (isObject(x))
    return `{${Object.keys(x)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(x[k])}`)
      .join(",")}}`;
  if (typeof x === "bigint") return `${x}n`;
  if (x instanceof ArrayBuffer) return `bytes:${Array.from(new Uint8Array(x)).join(".")}`;
  return JSON.stringify(x) ?? "undefined";
}

/** Two independent 32-bit hashes of a string (cyrb53's mixing; the isolate has no node:crypto). */
export function hash2(s: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/** Tables the conventions above store ids of (the schema cannot see them). */
const CONVENTION_TARGETS: Partial<Record<MoveTable, string[]>> = {
  usageDays: ["agents", "departments", "apiKeys"],
  scopeBindings: ["apiKeys", "agents"],
  memoryEmbeddings: ["tenants"],
  memories: ["tenants"],
};

function tablesNamed(v: Val, out: Set<string>) {
  if (!hasId(v)) return;
  if (v.kind === "id") out.add(v.tableName as string);
  else if (v.kind === "object") for (const f of Object.values(v.fields ?? {})) tablesNamed(f, out);
  else if (v.kind === "union") for (const m of v.members ?? []) tablesNamed(m, out);
  else if (v.kind === "array") tablesNamed(v.element as Val, out);
  else if (v.kind === "record") {
    tablesNamed(v.key as Val, out);
    tablesNamed(v.value as Val, out);
  }
}

/**
 * Which moved tables a move copies in bulk, and in what order. A table qualifies when every
 * table whose rows refer to it (by the schema's ids or by a convention) is itself bulk and is
 * copied before it, and it does not refer to itself: then no reference to its rows is ever
 * remapped through a bulk batch. A row referring to a row not yet copied pulls that row in
 * first, mapped one by one (the runner's missing rows), and the bulk copy later finds it
 * there. Bulk tables keep their id map as one moveIdBatches document per page, not one
 * moveIdMap row per row (the target's cost per copied row was mostly that second insert).
 * `order`: the other tables as given, then the bulk ones, referrers first.
 */
export function bulkPlan(tables: readonly MoveTable[]): { order: MoveTable[]; bulk: MoveTable[] } {
  const referrers = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const t of tables) {
    const named = new Set<string>(CONVENTION_TARGETS[t] ?? []);
    tablesNamed(validatorOf(t), named);
    for (const target of named) referrers.get(target)?.add(t);
  }
  const bulk: MoveTable[] = [];
  const isBulk = new Set<string>();
  // Two rounds: the tables nothing refers to, then those only they refer to (usageEvents, named by
  // conversationMessages). Going on would make the big referenced tables (agents, conversations)
  // bulk too, every one of their rows then pulled in one by one ahead of its table: no gain.
  for (let round = 0; round < 2; round++) {
    const next = tables.filter((t) => {
      const from = referrers.get(t) as Set<string>;
      return !isBulk.has(t) && !from.has(t) && [...from].every((r) => isBulk.has(r));
    });
    for (const t of next) {
      bulk.push(t);
      isBulk.add(t);
    }
  }
  return { order: [...tables.filter((t) => !isBulk.has(t)), ...bulk], bulk };
}
