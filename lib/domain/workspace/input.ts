/**
 * Reading a workspace request body (runtime API and MCP send the same JSON to
 * Convex, which reads it here): each accessor names the field it refuses, so
 * a caller's mistake is an INVALID naming the field, never a server error.
 */
export class InputProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: "INVALID" | "NOT_FOUND" = "INVALID",
  ) {
    super(message);
  }
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

export function objectX(body: unknown, allowed: readonly string[], field = "body"): Obj {
  if (!isObj(body)) throw new InputProblem(field, "The body must be a JSON object.");
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new InputProblem(extra.slice(0, 64), `Unknown field "${extra.slice(0, 64)}".`);
  return body;
}

export function stringX(o: Obj, name: string, max: number): string {
  const x = o[name];
  if (typeof x !== "string" || x.trim().length === 0) throw new InputProblem(name, `${name} is required: a non-empty string.`);
  if (x.length > max) throw new InputProblem(name, `${name} must be at most ${max} characters.`);
  return x;
}
export function optStringX(o: Obj, name: string, max: number): string | undefined {
  return o[name] === undefined || o[name] === null ? undefined : stringX(o, name, max);
}

/** A string passing `problem` (a domain rule returning null or why not). */
export function checkedX(o: Obj, name: string, problem: (s: string) => string | null): string {
  const s = stringX(o, name, 200);
  const why = problem(s);
  if (why) throw new InputProblem(name, why);
  return s;
}
export const optCheckedX = (o: Obj, name: string, problem: (s: string) => string | null) =>
  o[name] === undefined || o[name] === null ? undefined : checkedX(o, name, problem);

export function enumX<T extends string>(o: Obj, name: string, values: readonly T[], fallback?: T): T {
  const x = o[name];
  if (x === undefined && fallback !== undefined) return fallback;
  if (typeof x !== "string" || !(values as readonly string[]).includes(x))
    throw new InputProblem(name, `${name} must be one of ${values.join(", ")}.`);
  return x as T;
}
export const optEnumX = <T extends string>(o: Obj, name: string, values: readonly T[]) =>
  o[name] === undefined || o[name] === null ? undefined : enumX(o, name, values);

export function intX(o: Obj, name: string, min: number, max: number, fallback?: number): number {
  const x = o[name];
  if (x === undefined && fallback !== undefined) return fallback;
  if (typeof x !== "number" || !Number.isInteger(x) || x < min || x > max)
    throw new InputProblem(name, `${name} must be a whole number from ${min} to ${max}.`);
  return x;
}
export const optIntX = (o: Obj, name: string, min: number, max: number) =>
  o[name] === undefined || o[name] === null ? undefined : intX(o, name, min, max);

/** An embedding: exactly `dimensions` finite numbers. */
export function vectorX(o: Obj, name: string, dimensions: number): number[] {
  const x = o[name];
  if (!Array.isArray(x) || x.length !== dimensions || !x.every((n) => typeof n === "number" && Number.isFinite(n)))
    throw new InputProblem(name, `${name} must be an array of ${dimensions} finite numbers.`);
  return x as number[];
}
export const optVectorX = (o: Obj, name: string, dimensions: number) =>
  o[name] === undefined || o[name] === null ? undefined : vectorX(o, name, dimensions);

export const optObjectX = (o: Obj, name: string): Obj | undefined => {
  const x = o[name];
  if (x === undefined || x === null) return undefined;
  if (!isObj(x)) throw new InputProblem(name, `${name} must be an object.`);
  return x;
};

/** A page cursor: the `nextCursor` of an earlier page (opaque, bounded). */
export function cursorX(o: Obj, name = "cursor"): string | null {
  const x = o[name];
  if (x === undefined || x === null) return null;
  if (typeof x !== "string" || x.length === 0 || x.length > 2_000)
    throw new InputProblem(name, `${name} must be the nextCursor of a previous page.`);
  return x;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_DEPTH = 6;

/**
 * Before a body is sent to Convex: every field name short and plain, nesting
 * shallow. (Convex refuses some field names, e.g. very long ones or `$`-prefixed,
 * with an error of its own; a caller's odd body must be a clear INVALID instead.)
 */
export function bodyShapeProblem(value: unknown, at = "body", depth = 0): { field: string; message: string } | null {
  if (depth > MAX_DEPTH) return { field: at.slice(0, 64), message: `The body nests deeper than ${MAX_DEPTH} levels.` };
  if (Array.isArray(value)) {
    for (const [i, x] of value.entries()) {
      const p = bodyShapeProblem(x, `${at}[${i}]`, depth + 1);
      if (p) return p;
    }
  } else if (typeof value === "object" && value !== null) {
    for (const [k, x] of Object.entries(value)) {
      if (!FIELD_NAME.test(k))
        return { field: k.slice(0, 64), message: `Unknown field "${k.slice(0, 64)}": field names are letters, digits and _ (at most 64).` };
      const p = bodyShapeProblem(x, depth === 0 ? k : `${at}.${k}`, depth + 1);
      if (p) return p;
    }
  }
  return null;
}
