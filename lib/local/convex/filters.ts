/**
 * Evaluates the serialized expressions of `.filter(q => ...)` (the `$eq`,
 * `$and`, `$field`, `$literal`, ... trees that convex/server sends in a query)
 * against a document, with Convex's cross-type value order.
 */
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { compareValues, getFieldPath, type MaybeValue } from "./values";

export type Expr = Record<string, unknown>;

/** A JSON-encoded value as sent in a query; `{$undefined: null}` stands for undefined. */
export function decodeQueryValue(json: unknown): MaybeValue {
  if (json !== null && typeof json === "object" && !Array.isArray(json) && "$undefined" in json) return undefined;
  return jsonToConvex(json as JSONValue);
}

function num(v: MaybeValue): number | bigint {
  if (typeof v === "number" || typeof v === "bigint") return v;
  throw new Error(`Arithmetic in a filter expects numbers, got ${typeof v}`);
}

function arith(op: string, a: number | bigint, b: number | bigint): Value {
  if (typeof a !== typeof b) throw new Error(`Arithmetic in a filter cannot mix int64 and float64`);
  const x = a as number;
  const y = b as number;
  switch (op) {
    case "$add":
      return x + y;
    case "$sub":
      return x - y;
    case "$mul":
      return x * y;
    case "$div":
      return x / y;
    default:
      return x % y;
  }
}

export function evaluate(expr: Expr, doc: Record<string, Value>): MaybeValue {
  const [op] = Object.keys(expr);
  const arg = expr[op];
  const pair = () => (arg as Expr[]).map((e) => evaluate(e, doc)) as [MaybeValue, MaybeValue];
  switch (op) {
    case "$field":
      return getFieldPath(doc, arg as string);
    case "$literal":
      return decodeQueryValue(arg);
    case "$eq":
      return compareValues(...pair()) === 0;
    case "$neq":
      return compareValues(...pair()) !== 0;
    case "$lt":
      return compareValues(...pair()) < 0;
    case "$lte":
      return compareValues(...pair()) <= 0;
    case "$gt":
      return compareValues(...pair()) > 0;
    case "$gte":
      return compareValues(...pair()) >= 0;
    case "$and":
      return (arg as Expr[]).every((e) => evaluate(e, doc) === true);
    case "$or":
      return (arg as Expr[]).some((e) => evaluate(e, doc) === true);
    case "$not":
      return evaluate(arg as Expr, doc) !== true;
    case "$neg": {
      const v = num(evaluate(arg as Expr, doc));
      return -v;
    }
    case "$add":
    case "$sub":
    case "$mul":
    case "$div":
    case "$mod": {
      const [a, b] = pair();
      return arith(op, num(a), num(b));
    }
    default:
      throw new Error(`Unsupported filter expression: ${JSON.stringify(expr)}`);
  }
}
