/**
 * Hostile values, derived from a function's argument validator (the JSON form
 * `exportArgs()` gives). Every leaf of the validator (fields of nested objects
 * and of array elements included) gets "slots": one per kind of attack that
 * fits its type (a wrong type, control characters, text-direction overrides,
 * lone surrogates, huge strings, bad numbers, another tenant's ids, lookup
 * traps like `__proto__`). fast-check picks the concrete value of each slot
 * from a fixed seed, so a run is repeatable and a failure names its case.
 */
import fc from "fast-check";
import type { Value } from "convex/values";
import { checkValue, type ValidatorJson } from "../../../lib/local/convex/validators";

export type Path = (string | number)[];
export type Slot = { path: Path; category: string; value: fc.Arbitrary<Value | typeof DROP> };
/**
 * Foreign values a slot may use: another tenant's row ids (by table), its
 * slug, its Stripe ids, ids of rows that no longer exist, invitation tokens
 * naming its invitation. `staff`: the function is a staff one, where another
 * tenant's own ids and slug are legitimate arguments (staff act on any tenant).
 */
export type Foreign = {
  byTable: Record<string, string>;
  slugs: string[];
  externalIds: string[];
  missingIds: string[];
  invitationTokens: string[];
  staff: boolean;
};

/** Marks "leave this required field out". */
export const DROP = Symbol("drop");

/**
 * Strings a user types and the app stores or shows: hostile here means broken
 * text (control, direction, surrogates, size), not a surprising but valid
 * word, which such a field may rightly accept.
 */
const FREE_TEXT =
  /^(name|reason|costCenter|email|billingEmail|search|actor|action|path|subject|type|description|currency|status|mode|paymentStatus|billingReason|number|payload)$/;

const CONTROL = ["\u0000", "\u0001", "\u0007", "\u0008", "\u001b", "\u007f", "\u0085", "\r\n\u0000"];
const BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
const SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff", "\udfff\ud800"];
/** Strings a lookup by key may trip over (plain-object lookups, path tricks, undecodable escapes). */
const TRAPS = ["__proto__", "toString", "hasOwnProperty", "valueOf", "%FF", "%2e%2e%2f", "../../etc/passwd", "a/b", "..\\..\\x"];
/** Numbers no field should take, one slot per kind: negative, fractional, beyond 2^53 or enormous, not finite. */
const BAD_NUMBERS: Record<string, number[]> = {
  "negative number": [-1, -1e9],
  "fractional number": [1.5, 1e-7],
  "huge number": [2 ** 53 + 2, 1e308],
  "non-finite number": [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
};
/** Values of every Convex type; each slot keeps the ones its validator refuses. */
const TYPE_POOL: Value[] = [null, true, false, 0, -1, 1.5, "", "x", [], ["x"], {}, { a: 1 }, 10n, -1n, new ArrayBuffer(4)];
/** Under the 1 MiB document limit, and over it (the arguments themselves stay under the 16 MiB arguments limit). */
const HUGE_LENGTHS = [300, 10_000, 200_000, 1_100_000];

const noIds = () => null;
const refuses = (v: ValidatorJson, x: Value) => checkValue(v, x, noIds) !== null;

/** The types a leaf accepts, looking through unions. */
function accepts(v: ValidatorJson): Set<string> {
  if (v.type === "union") return new Set(v.value.flatMap((m) => [...accepts(m)]));
  return new Set([v.type]);
}

function literals(v: ValidatorJson): string[] {
  if (v.type === "union") return v.value.flatMap(literals);
  return v.type === "literal" && typeof v.value === "string" ? [v.value] : [];
}

/** A string with the given characters mixed in (before, inside or after a plausible word). */
const laced = (chars: string[]) =>
  fc
    .tuple(fc.constantFrom(...chars), fc.constantFrom("Acme", "team", "a", "x-1"), fc.nat({ max: 2 }))
    .map(([c, word, at]) => (at === 0 ? c + word : at === 1 ? word.slice(0, 1) + c + word.slice(1) : word + c));

function leafSlots(path: Path, v: ValidatorJson, foreign: Foreign | null): Slot[] {
  const kinds = accepts(v);
  const field = String([...path].reverse().find((p) => typeof p === "string") ?? "");
  const slots: Slot[] = [];
  const add = (category: string, value: fc.Arbitrary<Value>) => slots.push({ path, category, value });
  const wrong = TYPE_POOL.filter((x) => refuses(v, x));
  if (wrong.length) add("wrong type", fc.constantFrom(...wrong));
  if (kinds.has("string") || kinds.has("id") || kinds.has("literal")) {
    add("control character", laced(CONTROL));
    add("bidi override", laced(BIDI));
    add("lone surrogate", laced(SURROGATES));
    add(
      "huge string",
      fc.tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom("a", "é", "𝕏")).map(([n, c]) => c.repeat(Math.ceil(n / c.length))),
    );
  }
  const lits = literals(v);
  if (lits.length)
    add(
      "near-miss literal",
      fc
        .constantFrom(...lits)
        .chain((l) => fc.constantFrom(l.toUpperCase(), ` ${l}`, `${l}\u0000`, `${l}\u200b`, "__proto__"))
        .filter((x) => refuses(v, x)),
    );
  if (kinds.has("number")) for (const [category, values] of Object.entries(BAD_NUMBERS)) add(category, fc.constantFrom(...values));
  const reference = (kinds.has("string") && !FREE_TEXT.test(field)) || kinds.has("id");
  if (reference) add("lookup trap", fc.constantFrom(...TRAPS));
  if (!reference || !foreign) return slots;
  const tables = v.type === "union" ? v.value.flatMap((m) => (m.type === "id" ? [m.tableName] : [])) : v.type === "id" ? [v.tableName] : [];
  const own = tables.flatMap((table) => (foreign.byTable[table] ? [foreign.byTable[table]] : []));
  const others = Object.entries(foreign.byTable)
    .filter(([table]) => !tables.includes(table))
    .map(([, id]) => id);
  if (kinds.has("id")) {
    if (own.length && !foreign.staff) add("another tenant's row of this table", fc.constantFrom(...own));
    if (others.length) add("a row id of another table", fc.constantFrom(...others));
    add("a deleted row's id", fc.constantFrom(...foreign.missingIds));
  } else if (/id$/i.test(field)) {
    if (!foreign.staff) {
      // One slot per outside id, so each (customer, subscription) is tried on every such field.
      for (const id of foreign.externalIds) add(`another tenant's external id ${id.split("_")[0]}_`, fc.constant(id));
      add("another tenant's row id", fc.constantFrom(...Object.values(foreign.byTable)));
    }
    add("a deleted row's id", fc.constantFrom(...foreign.missingIds));
  }
  if (/slug$/i.test(field) && !foreign.staff) add("another tenant's slug", fc.constantFrom(...foreign.slugs));
  if (/token$/i.test(field)) add("a token naming another tenant's invitation", fc.constantFrom(...foreign.invitationTokens));
  return slots;
}

/** Every slot of a validator (without `foreign`: no slots of other tenants' values). */
export function slotsOf(v: ValidatorJson, foreign: Foreign | null, path: Path = []): Slot[] {
  if (v.type === "object") {
    const fields = Object.entries(v.value);
    const own: Slot[] = [{ path: [...path, "unexpectedField"], category: "extra field", value: fc.constantFrom<Value>(1, "x", null) }];
    const required = fields.filter(([, f]) => !f.optional);
    if (required.length)
      own.push(
        ...required.map(([k]) => ({ path: [...path, k], category: "missing required field", value: fc.constant(DROP) })).slice(0, 1),
      );
    return [...own, ...fields.flatMap(([k, f]) => slotsOf(f.fieldType, foreign, [...path, k]))];
  }
  if (v.type === "array") {
    const element = slotsOf(v.value, foreign, [...path, 0]);
    return [
      { path, category: "wrong type", value: fc.constantFrom<Value>(null, "x", { 0: 1 }) },
      // Past Convex's 8,192 elements per array: copies of a valid element (filled in by `apply`).
      { path, category: "too many elements", value: fc.constant<Value>("__many__") },
      ...element,
    ];
  }
  if (v.type === "record") return [{ path, category: "wrong type", value: fc.constantFrom<Value>("x", 1, [1]) }];
  if (v.type === "any") return [];
  return leafSlots(path, v, foreign);
}

/** A valid value for a validator (one element per array, ids from `idFor`), to place hostile leaves into. */
export function validSample(v: ValidatorJson, idFor: (table: string) => string): Value {
  switch (v.type) {
    case "object":
      return Object.fromEntries(Object.entries(v.value).flatMap(([k, f]) => (f.optional ? [] : [[k, validSample(f.fieldType, idFor)]])));
    case "union":
      return validSample(v.value[0], idFor);
    case "literal":
      return v.value as Value;
    case "id":
      return idFor(v.tableName);
    case "string":
      return "hostile-probe";
    case "number":
      return 1;
    case "bigint":
      return 1n;
    case "boolean":
      return false;
    case "null":
      return null;
    case "array":
      return [validSample(v.value, idFor)];
    case "bytes":
      return new ArrayBuffer(0);
    default:
      return {};
  }
}

/** `base` with the value at `path` replaced (or removed for DROP); parents are created as needed. */
export function apply(base: Value, path: Path, value: Value | typeof DROP): Value {
  const root = structuredClone(base) as Record<string | number, Value>;
  if (path.length === 0) return value === DROP ? {} : (value as Value);
  let node = root as Record<string | number, Value>;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") node[key] = typeof key === "number" ? [] : {};
    node = node[key] as Record<string | number, Value>;
  }
  const last = path[path.length - 1];
  if (value === DROP) delete node[last];
  else if (value === "__many__" && Array.isArray(node[last]))
    node[last] = Array.from({ length: 8_200 }, () => structuredClone((node[last] as Value[])[0] ?? null));
  else node[last] = value;
  return root;
}

export const showPath = (path: Path) => path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("") || "(root)";

/** A short, printable description of a hostile value (escapes invisible characters, abbreviates huge strings). */
export function showValue(x: Value | typeof DROP): string {
  if (x === DROP) return "(left out)";
  if (typeof x === "string") {
    const escaped = JSON.stringify(x.length > 40 ? `${x.slice(0, 12)}…` : x).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    return x.length > 40 ? `${escaped} (${x.length} chars)` : escaped;
  }
  if (typeof x === "bigint") return `${x}n`;
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (x instanceof ArrayBuffer) return `ArrayBuffer(${x.byteLength})`;
  const json = JSON.stringify(x, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  return json.length > 60 ? `${json.slice(0, 60)}…` : json;
}
