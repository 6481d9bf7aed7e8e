/**
 * Context filters (seed 004): an owner declares user-context fields (name and
 * type); a conversation is created by the tenant's backend with `userContext`
 * values for them, and reads made in that conversation are limited to rows
 * carrying the same values. The values are folded into one canonical key
 * (`organisationId=1`), which rows store and indexes filter on, so the filter
 * is an index range, never an afterthought.
 */
export const CONTEXT_TYPES = ["integer", "string", "boolean"] as const;
export type ContextType = (typeof CONTEXT_TYPES)[number];
export type ContextField = { name: string; type: ContextType };
export const MAX_CONTEXT_FIELDS = 10;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

export const contextFieldNameProblem = (name: string) =>
  FIELD_NAME.test(name) ? null : "A context field name is 1 to 40 letters, digits or underscores, starting with a letter.";

export type ContextRead =
  { ok: true; key: string; values: Record<string, string | number | boolean> } | { ok: false; field: string; message: string };

/**
 * Checks `given` against the declared fields: every declared field present with
 * its type, nothing undeclared. Returns the canonical key ("" when no fields are declared and none given).
 */
export function readContext(given: unknown, fields: readonly ContextField[], field = "userContext"): ContextRead {
  if (typeof given !== "object" || given === null || Array.isArray(given))
    return { ok: false, field, message: `${field} must be an object.` };
  const values = given as Record<string, unknown>;
  for (const name of Object.keys(values)) {
    if (!fields.some((f) => f.name === name))
      return { ok: false, field: `${field}.${name.slice(0, 40)}`, message: `"${name.slice(0, 40)}" is not a declared user-context field.` };
  }
  const out: Record<string, string | number | boolean> = {};
  for (const f of [...fields].sort((a, b) => a.name.localeCompare(b.name))) {
    const x = values[f.name];
    const where = `${field}.${f.name}`;
    if (x === undefined) return { ok: false, field: where, message: `${f.name} is a declared user-context field; give its value.` };
    const fits =
      f.type === "integer"
        ? typeof x === "number" && Number.isSafeInteger(x)
        : f.type === "boolean"
          ? typeof x === "boolean"
          : typeof x === "string" && x.length >= 1 && x.length <= 200;
    if (!fits)
      return {
        ok: false,
        field: where,
        message: `${f.name} must be ${f.type === "string" ? "a string of 1 to 200 characters" : `a${f.type === "integer" ? "n" : ""} ${f.type}`}.`,
      };
    out[f.name] = x as string | number | boolean;
  }
  return { ok: true, key: contextKeyOf(out), values: out };
}

/** `a=1&b=x`, names sorted, values URI-encoded: equal contexts, equal keys. */
export function contextKeyOf(values: Record<string, string | number | boolean>): string {
  return Object.keys(values)
    .sort()
    .map((k) => `${k}=${encodeURIComponent(String(values[k]))}`)
    .join("&");
}
