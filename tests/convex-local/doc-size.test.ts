/**
 * convex-local measures documents from their stored JSON text; the figure
 * must be Convex's own (getConvexSize in convex/values), which the
 * transaction metrics and read limits report.
 */
import { describe, expect, it } from "vitest";
import { convexToJson, getConvexSize, type Value } from "convex/values";
import { convexSizeOfJson } from "../../lib/local/convex/doc-size";
import { valueSize } from "../../lib/local/convex/values";

const bytes = (n: number) => new Uint8Array(Array.from({ length: n }, (_, i) => i % 256)).buffer;
const samples: Value[] = [
  null,
  true,
  false,
  0,
  -0,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  1234567890123456789n,
  -3n,
  "",
  "plain",
  'quotes " and \\ backslash / slash',
  "control \n\t\u0001 chars",
  "é ü ß",
  "漢字",
  "emoji 😀 and 👍🏽",
  "lone \ud800 surrogate",
  bytes(0),
  bytes(1),
  bytes(2),
  bytes(3),
  bytes(100),
  [],
  [1, "a", [true, null]],
  {},
  { a: 1, "key with space": "é", nested: { deeper: [1, { k: 2n }] }, b: bytes(5) },
  { _id: "j57b2x0w3t6rm6qd9yzz1n7p5n7ah7sq", _creationTime: 1733540000000.123, body: "hello", tags: ["a", "b"], n: 3 },
];

describe("document size from stored JSON", () => {
  it("equals convex/values getConvexSize for every value type", () => {
    for (const v of samples) {
      const text = JSON.stringify(convexToJson(v));
      expect(convexSizeOfJson(text), text).toBe(getConvexSize(v));
      expect(valueSize(v), text).toBe(getConvexSize(v));
    }
  });

  it("equals getConvexSize on random nested documents", () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const gen = (depth: number): Value => {
      const k = Math.floor(rnd() * (depth > 3 ? 6 : 8));
      if (k === 0) return null;
      if (k === 1) return rnd() > 0.5;
      if (k === 2) return rnd() * 1e6;
      if (k === 3) return BigInt(Math.floor(rnd() * 1e9));
      if (k === 4)
        return String.fromCodePoint(...Array.from({ length: Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 0x1ffff) % 0xd7ff || 65));
      if (k === 5) return bytes(Math.floor(rnd() * 40));
      if (k === 6) return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`f${i}${"_x".repeat(i % 2)}`, gen(depth + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const v = { _id: "x", _creationTime: 1, doc: gen(0) };
      expect(convexSizeOfJson(JSON.stringify(convexToJson(v)))).toBe(getConvexSize(v));
    }
  });
});
