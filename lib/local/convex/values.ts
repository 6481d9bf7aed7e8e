/**
 * Convex value ordering and the byte encoding that lets SQLite keep Convex
 * indexes in Convex's own order.
 *
 * Convex orders values across types as
 *   undefined < null < int64 < float64 < boolean < string < bytes < array < object
 * SQLite compares BLOBs with memcmp, so each index key is encoded as a tuple of
 * self-delimiting, order-preserving pieces. No piece starts with 0xFF, which is
 * what makes "prefix + 0xFF" an exclusive upper bound for every key that starts
 * with the prefix (used for equality prefixes and `gt`/`lte` bounds).
 */
import { getConvexSize, type Value } from "convex/values";

const TAG = {
  undefined: 0x01,
  null: 0x02,
  bigint: 0x03,
  number: 0x04,
  boolean: 0x05,
  string: 0x06,
  bytes: 0x07,
  array: 0x08,
  object: 0x09,
} as const;

export type MaybeValue = Value | undefined;

function typeRank(v: MaybeValue): number {
  if (v === undefined) return TAG.undefined;
  if (v === null) return TAG.null;
  if (typeof v === "bigint") return TAG.bigint;
  if (typeof v === "number") return TAG.number;
  if (typeof v === "boolean") return TAG.boolean;
  if (typeof v === "string") return TAG.string;
  if (v instanceof ArrayBuffer) return TAG.bytes;
  if (Array.isArray(v)) return TAG.array;
  return TAG.object;
}

/** Total order over Convex values, the same order the index encoding gives. */
export function compareValues(a: MaybeValue, b: MaybeValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  return Buffer.compare(encodeValue(a), encodeValue(b));
}

/**
 * Writes a key into one growing buffer (index keys are written for every
 * index of every document written, and for every query's bounds, so this
 * avoids a small allocation per byte or piece).
 */
class KeyWriter {
  private buf: Buffer;
  private len = 0;
  constructor(capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }
  reset() {
    this.len = 0;
  }
  private reserve(n: number) {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b: number) {
    this.reserve(1);
    this.buf[this.len++] = b;
  }
  raw(bytes: Uint8Array) {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }
  /** Bytes with 0x00 escaped as 0x00 0xFF and a 0x00 0x00 terminator. */
  escaped(bytes: Uint8Array) {
    this.reserve(bytes.length * 2 + 2);
    const buf = this.buf;
    let at = this.len;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      buf[at++] = b;
      if (b === 0) buf[at++] = 0xff;
    }
    buf[at++] = 0;
    buf[at++] = 0;
    this.len = at;
  }
  /** A string's UTF-8 bytes, escaped as above. */
  string(s: string) {
    // ASCII without NUL (the common case) is written directly.
    let plain = true;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0 || c > 0x7f) {
        plain = false;
        break;
      }
    }
    if (!plain) return this.escaped(Buffer.from(s, "utf8"));
    this.reserve(s.length + 2);
    this.len += this.buf.write(s, this.len, "latin1");
    this.buf[this.len++] = 0;
    this.buf[this.len++] = 0;
  }
  value(v: MaybeValue) {
    const tag = typeRank(v);
    this.byte(tag);
    switch (tag) {
      case TAG.undefined:
      case TAG.null:
        return;
      case TAG.bigint: {
        this.reserve(8);
        this.buf.writeBigUInt64BE(BigInt.asUintN(64, (v as bigint) ^ (1n << 63n)), this.len);
        this.len += 8;
        return;
      }
      case TAG.number: {
        this.reserve(8);
        const at = this.len;
        this.buf.writeDoubleBE(v as number, at);
        if (this.buf[at] & 0x80) for (let i = at; i < at + 8; i++) this.buf[i] = ~this.buf[i] & 0xff;
        else this.buf[at] |= 0x80;
        this.len += 8;
        return;
      }
      case TAG.boolean:
        return this.byte(v ? 1 : 0);
      case TAG.string:
        return this.string(v as string);
      case TAG.bytes:
        return this.escaped(new Uint8Array(v as ArrayBuffer));
      case TAG.array:
        for (const item of v as Value[]) this.value(item);
        return this.byte(0);
      default: {
        for (const [k, item] of Object.entries(v as Record<string, Value>)) {
          this.string(k);
          this.value(item);
        }
        return this.byte(0);
      }
    }
  }
  done(): Buffer {
    // A copy of exactly the bytes written: keys are kept (read sets, cursors), so they must not share a big slab.
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

// Encoding is synchronous and never re-entered, so one scratch writer serves every call.
const scratch = new KeyWriter(256);

export function encodeValue(v: MaybeValue): Buffer {
  scratch.reset();
  scratch.value(v);
  return scratch.done();
}

/** Encodes a tuple of values after a fixed prefix (the index id). */
export function encodeTuple(prefix: Buffer, values: MaybeValue[]): Buffer {
  scratch.reset();
  scratch.raw(prefix);
  for (const v of values) scratch.value(v);
  return scratch.done();
}

/** The smallest key greater than every key that starts with `prefix`. */
export function afterPrefix(prefix: Buffer): Buffer {
  const out = Buffer.allocUnsafe(prefix.length + 1);
  prefix.copy(out);
  out[prefix.length] = 0xff;
  return out;
}

/** Reads a (possibly nested, dotted) field path from a document. */
export function getFieldPath(doc: Record<string, unknown>, path: string): MaybeValue {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur) || cur instanceof ArrayBuffer) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur as MaybeValue;
}

/** Size of a value as Convex counts it for the bandwidth limits and transaction metrics (convex/values' own measure). */
export function valueSize(v: MaybeValue): number {
  return getConvexSize(v);
}
