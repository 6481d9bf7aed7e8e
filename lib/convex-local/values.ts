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
import type { Value } from "convex/values";

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

class KeyWriter {
  private chunks: Buffer[] = [];
  byte(b: number) {
    this.chunks.push(Buffer.from([b]));
  }
  raw(buf: Buffer) {
    this.chunks.push(buf);
  }
  /** Bytes with 0x00 escaped as 0x00 0xFF and a 0x00 0x00 terminator. */
  escaped(buf: Buffer) {
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      if (buf[i] === 0) {
        this.chunks.push(buf.subarray(start, i + 1), Buffer.from([0xff]));
        start = i + 1;
      }
    }
    this.chunks.push(buf.subarray(start), Buffer.from([0, 0]));
  }
  value(v: MaybeValue) {
    const tag = typeRank(v);
    this.byte(tag);
    switch (tag) {
      case TAG.undefined:
      case TAG.null:
        return;
      case TAG.bigint: {
        const b = Buffer.alloc(8);
        b.writeBigUInt64BE(BigInt.asUintN(64, (v as bigint) ^ (1n << 63n)));
        return this.raw(b);
      }
      case TAG.number: {
        const b = Buffer.alloc(8);
        b.writeDoubleBE(v as number);
        if (b[0] & 0x80) for (let i = 0; i < 8; i++) b[i] = ~b[i] & 0xff;
        else b[0] |= 0x80;
        return this.raw(b);
      }
      case TAG.boolean:
        return this.byte(v ? 1 : 0);
      case TAG.string:
        return this.escaped(Buffer.from(v as string, "utf8"));
      case TAG.bytes:
        return this.escaped(Buffer.from(v as ArrayBuffer));
      case TAG.array:
        for (const item of v as Value[]) this.value(item);
        return this.byte(0);
      default: {
        for (const [k, item] of Object.entries(v as Record<string, Value>)) {
          this.escaped(Buffer.from(k, "utf8"));
          this.value(item);
        }
        return this.byte(0);
      }
    }
  }
  done(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export function encodeValue(v: MaybeValue): Buffer {
  const w = new KeyWriter();
  w.value(v);
  return w.done();
}

/** Encodes a tuple of values after a fixed prefix (the index id). */
export function encodeTuple(prefix: Buffer, values: MaybeValue[]): Buffer {
  const w = new KeyWriter();
  w.raw(prefix);
  for (const v of values) w.value(v);
  return w.done();
}

/** The smallest key greater than every key that starts with `prefix`. */
export function afterPrefix(prefix: Buffer): Buffer {
  return Buffer.concat([prefix, Buffer.from([0xff])]);
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

/** Size of a value as Convex counts it for the bandwidth limits (close enough to be safe). */
export function valueSize(v: MaybeValue): number {
  if (v === undefined || v === null) return 1;
  if (typeof v === "bigint" || typeof v === "number") return 9;
  if (typeof v === "boolean") return 2;
  if (typeof v === "string") return Buffer.byteLength(v) + 2;
  if (v instanceof ArrayBuffer) return v.byteLength + 2;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + valueSize(x), 2);
  let n = 2;
  for (const [k, x] of Object.entries(v)) n += Buffer.byteLength(k) + 1 + valueSize(x);
  return n;
}
