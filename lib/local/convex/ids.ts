/**
 * Document ids in Convex's shape: base32 of (varint table number, random
 * bytes, fletcher16 checksum). Encoding the table number in the id is what lets
 * `normalizeId` and `v.id("table")` tell which table an id belongs to without
 * a lookup, exactly as a real deployment does.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

function base32Encode(bytes: Buffer): string {
  let out = "";
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(acc << (5 - bits)) & 31];
  return out;
}

function base32Decode(s: string): Buffer | null {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of s) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) return null;
    acc = ((acc << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function fletcher16(bytes: Buffer): number {
  let a = 0;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 255;
    b = (b + a) % 255;
  }
  return (b << 8) | a;
}

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

// Random bytes are drawn from the CSPRNG 4 KiB at a time: one randomBytes()
// call per 256 ids instead of one per id (it dominated bulk inserts).
let pool = Buffer.alloc(0);
let poolAt = 0;
function random16(): Buffer {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}

/**
 * The 16 bytes after the table number: the creation time in milliseconds (6 bytes, big-endian), then 10
 * random bytes. Ids stay opaque and unguessable (80 random bits), but a table's new ids sort after its
 * older ones, so the documents a transaction inserts land together at the end of the data file's id
 * B-tree (a few pages written per commit) instead of one random page each.
 */
function internalId(): Buffer {
  const out = Buffer.allocUnsafe(16);
  out.writeUIntBE(Date.now(), 0, 6);
  random16().copy(out, 6, 0, 10);
  return out;
}

export function newDocumentId(tableNumber: number): string {
  const body = Buffer.concat([Buffer.from(varint(tableNumber)), internalId()]);
  const sum = fletcher16(body);
  return base32Encode(Buffer.concat([body, Buffer.from([sum >> 8, sum & 0xff])]));
}

/**
 * Ids seen lately and their table numbers: the same few ids (a tenant's, a key's) are checked again and again
 * (every v.id field of every write and argument), and decoding one is a base32 pass and a checksum. Bounded:
 * emptied when full. Only the answer for a given string is kept, which never changes.
 */
const recent = new Map<string, number | null>();
const RECENT_MAX = 4096;

/** The table number an id encodes, or null when the string is not a valid id. */
export function tableNumberOfId(id: string): number | null {
  if (id.length < 30 || id.length > 40) return null;
  const known = recent.get(id);
  if (known !== undefined) return known;
  const n = decodeTableNumber(id);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(id, n);
  return n;
}

/** The decoding behind tableNumberOfId, which has checked the length. */
function decodeTableNumber(id: string): number | null {
  const bytes = base32Decode(id);
  if (!bytes || bytes.length < 19) return null;
  const body = bytes.subarray(0, bytes.length - 2);
  const sum = (bytes[bytes.length - 2] << 8) | bytes[bytes.length - 1];
  if (fletcher16(body) !== sum) return null;
  let n = 0;
  let shift = 0;
  for (let i = 0; i < body.length; i++) {
    n |= (body[i] & 0x7f) << shift;
    if ((body[i] & 0x80) === 0) return body.length - i - 1 === 16 ? n : null;
    shift += 7;
  }
  return null;
}
