/**
 * A `withIndex` range as the backend reads it (IndexRange::split and
 * ::compile in get-convex/convex-backend crates/common/src/query.rs):
 * equalities on a prefix of the index's fields (in any order), then at most
 * one lower and one upper bound, both on the next field. Anything else is the
 * backend's error, with its wording: a second bound on the same side is
 * "Already defined ... bound", never an empty result.
 */
import type { MaybeValue } from "./values";
import { decodeQueryValue } from "./filters";

export type RangeExpr = { type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte"; fieldPath: string; value: unknown };
export type Bound = { value: MaybeValue; inclusive: boolean } | null;
/** Equality values in index order, then the bounds on the field after them (null: unbounded). */
export type SplitRange = { eqs: MaybeValue[]; lower: Bound; upper: Bound };

const DOCS = "https://docs.convex.dev/using/indexes";

/** How the backend prints a value in these messages (close to its Display: strings quoted). */
function show(v: MaybeValue): string {
  if (v === undefined) return "undefined";
  if (typeof v === "bigint") return `${v}`;
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof ArrayBuffer) return `b"${Buffer.from(v).toString("hex")}"`;
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}` : x));
  } catch {
    return String(v);
  }
}

const list = (xs: string[]) => `[${xs.join(", ")}]`;

export class IndexRangeError extends Error {}

/**
 * `indexName`: "table.index"; `fields`: the index's fields with the implicit
 * trailing ones (`_creationTime`, `_id`) a range may also use.
 */
export function splitRange(indexName: string, fields: string[], range: RangeExpr[]): SplitRange {
  const equalities = new Map<string, MaybeValue>();
  let inequalityField: string | null = null;
  let lower: Bound = null;
  let upper: Bound = null;
  for (const r of range) {
    const value = decodeQueryValue(r.value);
    if (r.type === "Eq") {
      if (equalities.has(r.fieldPath)) throw alreadyDefined("equality", r.fieldPath, "==", equalities.get(r.fieldPath));
      equalities.set(r.fieldPath, value);
      continue;
    }
    const isUpper = r.type === "Lt" || r.type === "Lte";
    const inclusive = r.type === "Gte" || r.type === "Lte";
    if ((isUpper ? upper : lower) !== null) {
      throw alreadyDefined(isUpper ? "upper" : "lower", r.fieldPath, `${isUpper ? "<" : ">"}${inclusive ? "=" : ""}`, value);
    }
    if (inequalityField !== null && inequalityField !== r.fieldPath) {
      throw new IndexRangeError(
        `Upper and lower bounds in \`range\` can only be applied to a single index field. This query against index ${indexName} attempted to set a range bound on both ${JSON.stringify(inequalityField)} and ${JSON.stringify(r.fieldPath)}. Consider using \`filter\` instead. See ${DOCS} for more info.`,
      );
    }
    inequalityField = r.fieldPath;
    if (isUpper) upper = { value, inclusive };
    else lower = { value, inclusive };
  }
  if (inequalityField !== null && equalities.has(inequalityField)) {
    throw alreadyDefined("inequality", inequalityField, "==", equalities.get(inequalityField));
  }

  // Equalities in index order, then the inequality: together a prefix of the index's fields.
  const rank = new Map(fields.map((f, i) => [f, i]));
  for (const f of [...equalities.keys(), ...(inequalityField === null ? [] : [inequalityField])]) {
    if (!rank.has(f)) {
      throw new IndexRangeError(
        `The index range included a comparison with ${JSON.stringify(f)}, but ${indexName} with fields ${list(fields)} doesn't index this field. For more information see ${DOCS}.`,
      );
    }
  }
  const eqFields = [...equalities.keys()].sort((a, b) => rank.get(a)! - rank.get(b)!);
  const used = inequalityField === null ? eqFields : [...eqFields, inequalityField];
  used.forEach((f, i) => {
    if (fields[i] !== f) {
      throw new IndexRangeError(
        `Tried to query index ${indexName} but the query didn't use the index fields in order.\nIndex fields: ${list(fields)}\nQuery fields: ${list(used)}\nFirst incorrect field: ${f}\nFor more information see ${DOCS}.`,
      );
    }
  });
  return { eqs: eqFields.map((f) => equalities.get(f)), lower, upper };
}

function alreadyDefined(kind: string, field: string, comparator: string, value: MaybeValue) {
  return new IndexRangeError(
    `Already defined ${kind} bound in index range. Can't add ${JSON.stringify(field)} ${comparator} ${show(value)}.`,
  );
}
