/**
 * Function arguments as they arrive on the wire (HTTP API, sync protocol):
 * Convex-encoded JSON turned into values, refusing malformed encodings the
 * way a deployment does (crates/value/src/json and parse_udf_args in
 * get-convex/convex-backend): "Invalid arguments for <path>: <reason>", a
 * client error, never an internal one.
 */
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { RequestError } from "./errors";

/** Malformed arguments: the request's fault (400 over HTTP, a failed request over sync). */
export class InvalidArgumentsError extends RequestError {}

const MAX_FIELD_NAME_LENGTH = 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The module path as the backend prints it (`messages.js:send`). */
function canonicalPath(udfPath: string): string {
  const i = udfPath.lastIndexOf(":");
  const mod = i < 0 ? udfPath : udfPath.slice(0, i);
  const fn = i < 0 ? "default" : udfPath.slice(i + 1);
  return `${mod.endsWith(".js") ? mod : `${mod}.js`}:${fn}`;
}

/**
 * Decodes a function's arguments. The common case (well-formed) costs one
 * `jsonToConvex`; only a refused value is walked again to find the reason in
 * the backend's words.
 */
export function decodeArgs(udfPath: string, json: JSONValue): Value {
  try {
    return withOwnProtoKeys(json, jsonToConvex(json));
  } catch (e) {
    const reason = backendReason(json) ?? (e as Error).message;
    throw new InvalidArgumentsError(`Invalid arguments for ${canonicalPath(udfPath)}: ${reason}`);
  }
}

/**
 * `{"__proto__": ...}` is an ordinary field name on the wire (JSON.parse makes
 * it an own property), and a deployment validates it like any other field:
 * an extra field is refused. jsonToConvex assigns fields with `obj[k] = v`,
 * which for "__proto__" sets the prototype and silently drops the field, so it
 * is put back as an own property for the validator to see.
 */
function withOwnProtoKeys(json: JSONValue, value: Value): Value {
  if (json === null || typeof json !== "object" || value === null || typeof value !== "object") return value;
  if (Array.isArray(json)) {
    json.forEach((item, i) => withOwnProtoKeys(item, (value as Value[])[i]));
    return value;
  }
  const keys = Object.keys(json);
  if (keys.length === 1 && keys[0].startsWith("$")) return value; // an encoded scalar ($bytes, $integer, ...)
  for (const key of keys) {
    const inner = json[key];
    if (key === "__proto__") {
      Object.defineProperty(value, key, {
        value: withOwnProtoKeys(inner, jsonToConvex(inner)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else withOwnProtoKeys(inner, (value as Record<string, Value>)[key]);
  }
  return value;
}

/** Why the backend refuses `json` as a Convex value (null if it would accept it). */
export function backendReason(json: JSONValue): string | null {
  if (json === null || typeof json !== "object") return null;
  if (Array.isArray(json)) {
    for (const item of json) {
      const r = backendReason(item);
      if (r) return r;
    }
    return null;
  }
  const keys = Object.keys(json);
  if (keys.length === 1 && keys[0].startsWith("$")) {
    const key = keys[0];
    const inner = json[key];
    switch (key) {
      case "$bytes":
        return typeof inner === "string" ? base64Reason(inner) : notAString(inner);
      case "$integer": {
        if (typeof inner !== "string") return notAString(inner);
        return base64Reason(inner) ?? (decodedLength(inner) !== 8 ? "Int64 must be exactly eight bytes" : null);
      }
      case "$float": {
        if (typeof inner !== "string") return notAString(inner);
        const bad = base64Reason(inner);
        if (bad) return bad;
        if (decodedLength(inner) !== 8) return "Float64 must be exactly eight bytes";
        const n = Buffer.from(inner, "base64").readDoubleLE(0);
        return Number.isFinite(n) && !Object.is(n, -0) && n !== 0 ? `Float64 ${n} should be encoded as a number` : null;
      }
      case "$set":
      case "$map":
        // Legacy types the backend still parses but no current client can send or read.
        return `${key === "$set" ? "Set" : "Map"} values are no longer supported as a Convex type.`;
      default:
        return fieldNameReason(key);
    }
  }
  for (const key of keys) {
    const r = fieldNameReason(key) ?? backendReason(json[key]);
    if (r) return r;
  }
  return null;
}

function fieldNameReason(k: string): string | null {
  if (k.startsWith("$")) return `Field name ${k} starts with '$', which is reserved.`;
  for (const c of k) {
    const code = c.codePointAt(0)!;
    if (code < 0x20 || code >= 0x7f)
      return `Field name ${k} has invalid character '${c}': Field names can only contain non-control ASCII characters`;
  }
  if (k.length > MAX_FIELD_NAME_LENGTH) return `Field name is too long (${k.length} > maximum ${MAX_FIELD_NAME_LENGTH})`;
  return null;
}

function notAString(v: JSONValue): string {
  const kind =
    v === null
      ? "null"
      : Array.isArray(v)
        ? "sequence"
        : typeof v === "object"
          ? "map"
          : typeof v === "number"
            ? `floating point \`${v}\``
            : `${typeof v} \`${String(v)}\``;
  return `invalid type: ${kind}, expected a string`;
}

/** The base64 decoder's complaint, worded as the backend's (the `base64` crate). */
function base64Reason(s: string): string | null {
  if (BASE64.test(s) && (s.length % 4 === 0 || !s.includes("="))) {
    return s.replace(/=+$/, "").length % 4 === 1 ? "Encoded text cannot have a 6-bit remainder." : null;
  }
  for (let i = 0; i < s.length; i++) {
    if (!/[A-Za-z0-9+/]/.test(s[i]) && !(s[i] === "=" && /^=*$/.test(s.slice(i)))) return `Invalid byte ${s.charCodeAt(i)}, offset ${i}.`;
  }
  return `Invalid padding.`;
}

function decodedLength(s: string): number {
  return Buffer.from(s, "base64").length;
}
