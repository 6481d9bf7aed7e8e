/**
 * A document's size as Convex counts it for bytesRead / bytesWritten
 * (`getConvexSize` in convex/values, the backend's `Size`), computed from
 * the stored Convex-encoded JSON text without decoding it: queries hand rows
 * to functions as text, and a parse per row only to measure it would cost the
 * read path more than the read itself.
 *
 * Sizes: null and booleans 1, numbers and int64 9, strings and bytes 2 + byte
 * length, arrays 2 + elements, objects 2 + (field name bytes + 1 + value) per
 * field.
 */

/** UTF-8 bytes of the JSON string literal starting at `text[start] === '"'`; returns [bytes, index after the closing quote]. */
function stringBytes(text: string, start: number): [number, number] {
  let bytes = 0;
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return [bytes, i + 1];
    if (c === 0x5c) {
      const e = text.charCodeAt(i + 1);
      if (e === 0x75) {
        const code = parseInt(text.slice(i + 2, i + 6), 16);
        if (code >= 0xd800 && code <= 0xdbff && text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75) {
          bytes += 4; // an escaped surrogate pair: one 4-byte code point
          i += 12;
        } else {
          bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
          i += 6;
        }
      } else {
        bytes += 1;
        i += 2;
      }
      continue;
    }
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
    i += 1;
  }
}

/** Base64 text length to decoded byte length. */
function base64Bytes(b64Len: number, padding: number): number {
  return Math.floor((b64Len * 3) / 4) - padding;
}

/** Size of the value at `text[i]`; returns [size, index after it]. */
function valueAt(text: string, i: number): [number, number] {
  const c = text.charCodeAt(i);
  if (c === 0x22) {
    const [bytes, end] = stringBytes(text, i);
    return [bytes + 2, end];
  }
  if (c === 0x7b) {
    // {"$integer":"..."} / {"$float":"..."}: 9; {"$bytes":"..."}: 2 + decoded length.
    if (text.charCodeAt(i + 1) === 0x22 && text.charCodeAt(i + 2) === 0x24) {
      const close = text.indexOf("}", i);
      const inner = text.slice(i + 1, close);
      if (inner.startsWith('"$bytes":"')) {
        const b64 = inner.slice(10, -1);
        const padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
        return [2 + base64Bytes(b64.length, padding), close + 1];
      }
      return [9, close + 1];
    }
    let size = 2;
    i += 1;
    if (text.charCodeAt(i) === 0x7d) return [size, i + 1];
    for (;;) {
      const [keyBytes, afterKey] = stringBytes(text, i);
      const [valueSize, afterValue] = valueAt(text, afterKey + 1); // skip ':'
      size += keyBytes + 1 + valueSize;
      i = afterValue;
      if (text.charCodeAt(i) === 0x7d) return [size, i + 1];
      i += 1; // ','
    }
  }
  if (c === 0x5b) {
    let size = 2;
    i += 1;
    if (text.charCodeAt(i) === 0x5d) return [size, i + 1];
    for (;;) {
      const [s, after] = valueAt(text, i);
      size += s;
      i = after;
      if (text.charCodeAt(i) === 0x5d) return [size, i + 1];
      i += 1;
    }
  }
  if (c === 0x74) return [1, i + 4]; // true
  if (c === 0x66) return [1, i + 5]; // false
  if (c === 0x6e) return [1, i + 4]; // null
  // A number: up to the next delimiter.
  let j = i + 1;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === 0x2c || d === 0x7d || d === 0x5d) break;
  }
  return [9, j];
}

/** The Convex size of a document (or any value) given as Convex-encoded JSON text. */
export function convexSizeOfJson(text: string): number {
  return valueAt(text, 0)[0];
}
