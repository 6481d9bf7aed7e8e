/**
 * Checks values against the JSON form of `convex/values` validators, the form
 * `exportArgs()`, `exportReturns()` and `schema.export()` produce. A deployment
 * does this check in the backend (not in the function's JS), so convex-local
 * does it here, before a function runs and before a write lands.
 */
import { CommitTsPlaceholder, convexToJson, jsonToConvex, type Value } from "convex/values";

export type ValidatorJson =
  | { type: "null" | "number" | "bigint" | "commitTs" | "boolean" | "string" | "bytes" | "any" }
  | { type: "literal"; value: unknown }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJson }
  | { type: "union"; value: ValidatorJson[] }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJson; optional: boolean }> }
  | { type: "record"; keys: ValidatorJson; values: { fieldType: ValidatorJson; optional: boolean } };

export class ValidationError extends Error {}

function show(v: unknown): string {
  if (v === undefined) return "undefined";
  try {
    return JSON.stringify(convexToJson(v as Value));
  } catch {
    return String(v);
  }
}

function describe(validator: ValidatorJson): string {
  switch (validator.type) {
    case "literal":
      return `v.literal(${JSON.stringify(validator.value)})`;
    case "id":
      return `v.id("${validator.tableName}")`;
    case "array":
      return `v.array(${describe(validator.value)})`;
    case "union":
      return validator.value.map(describe).join(" | ");
    case "object":
      return "v.object({...})";
    case "record":
      return "v.record(...)";
    case "number":
      return "v.float64()";
    case "bigint":
      return "v.int64()";
    default:
      return `v.${validator.type}()`;
  }
}

function isPlainObject(v: unknown): v is Record<string, Value> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof ArrayBuffer);
}

function mismatch(validator: ValidatorJson, value: unknown, path: string): string {
  return `Value does not match validator.\nPath: ${path || "(root)"}\nValue: ${show(value)}\nValidator: ${describe(validator)}`;
}

/**
 * Returns null when `value` matches, else a message naming the path of the
 * first mismatch. `tableOfId` resolves which table an id string belongs to.
 */
export function checkValue(validator: ValidatorJson, value: unknown, tableOfId: (id: string) => string | null, path = ""): string | null {
  // No closure and no per-element path string on the success path: a checked document holds 1,536-number embeddings.
  switch (validator.type) {
    case "any":
      return null;
    case "null":
      return value === null ? null : mismatch(validator, value, path);
    case "number":
      return typeof value === "number" ? null : mismatch(validator, value, path);
    case "bigint":
      return typeof value === "bigint" ? null : mismatch(validator, value, path);
    // v.commitTs(): the commit timestamp (an int64) once the transaction commits; writes carry a placeholder.
    case "commitTs":
      return typeof value === "bigint" || value instanceof CommitTsPlaceholder ? null : mismatch(validator, value, path);
    case "boolean":
      return typeof value === "boolean" ? null : mismatch(validator, value, path);
    case "string":
      return typeof value === "string" ? null : mismatch(validator, value, path);
    case "bytes":
      return value instanceof ArrayBuffer ? null : mismatch(validator, value, path);
    case "literal": {
      const expected = jsonToConvex(validator.value as never);
      return value === expected ? null : mismatch(validator, value, path);
    }
    case "id":
      return typeof value === "string" && tableOfId(value) === validator.tableName ? null : mismatch(validator, value, path);
    case "array": {
      if (!Array.isArray(value)) return mismatch(validator, value, path);
      for (let i = 0; i < value.length; i++) {
        // The element's path is spelled out only when it fails (checked again with it).
        if (checkValue(validator.value, value[i], tableOfId, path) !== null)
          return checkValue(validator.value, value[i], tableOfId, `${path}[${i}]`);
      }
      return null;
    }
    case "union":
      return validator.value.some((v) => checkValue(v, value, tableOfId, path) === null) ? null : mismatch(validator, value, path);
    case "object": {
      if (!isPlainObject(value)) return mismatch(validator, value, path);
      for (const [k, field] of Object.entries(validator.value)) {
        const fieldPath = `${path}.${k}`;
        if (value[k] === undefined) {
          if (!field.optional) {
            return `Object is missing the required field \`${k}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\nPath: ${fieldPath}\nObject: ${show(value)}`;
          }
          continue;
        }
        const err = checkValue(field.fieldType, value[k], tableOfId, fieldPath);
        if (err) return err;
      }
      for (const k of Object.keys(value)) {
        if (!Object.hasOwn(validator.value, k) && value[k] !== undefined) {
          return `Object contains extra field \`${k}\` that is not in the validator.\nPath: ${path}.${k}\nObject: ${show(value)}`;
        }
      }
      return null;
    }
    case "record": {
      if (!isPlainObject(value)) return mismatch(validator, value, path);
      for (const [k, item] of Object.entries(value)) {
        const keyErr = checkValue(validator.keys, k, tableOfId, `${path}.${k}`);
        if (keyErr) return keyErr;
        const err = checkValue(validator.values.fieldType, item, tableOfId, `${path}.${k}`);
        if (err) return err;
      }
      return null;
    }
  }
}
