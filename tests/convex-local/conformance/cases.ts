/**
 * The conformance suite: one set of cases, run once against convex-test (the
 * official mock) and once against convex-local through its convex-test-shaped
 * handle. Both runs must pass, so convex-local behaves like the mock wherever
 * the mock is faithful to a real deployment.
 *
 * Rules of this file:
 * - A case asserts the same thing on both sides. Where the two genuinely
 *   disagree, the assertion follows a real Convex deployment and the side that
 *   cannot meet it is named with `only(...)` and a comment saying why (a
 *   convex-test deviation, or a behaviour that only exists with a server).
 * - Error messages differ (convex-local words and prefixes them like a
 *   deployment: "[Request ID: …] Server Error\nUncaught ConvexError: …"), so
 *   cases match only their stable part: a field name, a limit, a ConvexError's
 *   data.
 * - Ids are opaque and differ in shape between the two, so cases compare
 *   documents by their fields, never by id strings.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConvexError, compareValues, type Value } from "convex/values";
import { ConvexHttpClient } from "convex/browser";
import type { UserIdentity } from "convex/server";
import { api, internal } from "../fixtures/app/_generated/api";
import type { ConvexLocalHandle } from "../../../lib/local/convex/index";

export type Side = "convex-test" | "convex-local";

/** What both `convexTest()` and `startConvexLocal()` offer (convex-test's interface). */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface ConformanceT {
  query(ref: any, args?: any): Promise<any>;
  mutation(ref: any, args?: any): Promise<any>;
  action(ref: any, args?: any): Promise<any>;
  run<R>(fn: (ctx: any) => Promise<R>): Promise<R>;
  withIdentity(identity: Partial<UserIdentity>): ConformanceT;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  finishAllScheduledFunctions(advanceTimers: () => void, maxIterations?: number): Promise<void>;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export type ConformanceTarget = {
  t: ConformanceT;
  close(): Promise<void>;
  /** The convex-local handle itself (absent on convex-test): for checks that need a server. */
  local?: ConvexLocalHandle;
};

type Failure = Error & { data?: unknown };

/** Awaits a promise that must reject, and returns what it rejected with. */
async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    return e as Failure;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

type Msg = { channel: string; author: string; body: string; likes: number; tags?: string[] };

let counter = 0;
/** A name no other case uses, so cases sharing one backend never see each other's rows. */
const uid = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** One backend per describe block (closed after it), shared by its cases; both suites use it. */
export function backendPerDescribe(makeT: () => Promise<ConformanceTarget>) {
  let target: ConformanceTarget;
  beforeAll(async () => {
    target = await makeT();
  });
  afterAll(async () => {
    await target?.close();
  });
  return {
    get t() {
      return target.t;
    },
    get local() {
      return target.local;
    },
  };
}

export function defineConformance(name: Side, makeT: () => Promise<ConformanceTarget>) {
  /** Cases (or parts) that can only hold on one side; the caller says why. */
  const only = (side: Side) => name === side;

  const backend = () => backendPerDescribe(makeT);

  async function seed(t: ConformanceT, channel: string, author: string, rows: [body: string, likes: number, tags?: string[]][]) {
    const items: Msg[] = rows.map(([body, likes, tags]) => ({ channel, author, body, likes, ...(tags ? { tags } : {}) }));
    await t.mutation(api.messages.sendMany, { items });
  }

  describe(`conformance: ${name}`, () => {
    describe("ctx.db reads", () => {
      const b = backend();

      it("get returns the stored document with _id and _creationTime, null once deleted", async () => {
        const before = Date.now();
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "ann", body: "hello", likes: 2 });
        expect(typeof id).toBe("string");
        const doc = await b.t.query(api.messages.get, { id });
        expect(Object.keys(doc).sort()).toEqual(["_creationTime", "_id", "author", "body", "channel", "likes"]);
        expect(doc._id).toBe(id);
        expect(doc).toMatchObject({ author: "ann", body: "hello", likes: 2 });
        expect(typeof doc._creationTime).toBe("number");
        expect(doc._creationTime).toBeGreaterThanOrEqual(before - 1);
        expect(doc._creationTime).toBeLessThanOrEqual(Date.now() + 1);
        await b.t.mutation(api.messages.remove, { id });
        expect(await b.t.query(api.messages.get, { id })).toBeNull();
      });

      it("db.get(table, id); an id of another table is rejected", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "two-arg get", likes: 0 });
        const viaTable = await b.t.run(async (ctx) => (await ctx.db.get("messages", id))?.body);
        expect(viaTable).toBe("two-arg get");
        const counterId = await b.t.run((ctx) => ctx.db.insert("counters", { name: uid("n"), value: 1 }));
        const err = await failure(b.t.run((ctx) => ctx.db.get("messages", counterId)));
        expect(err.message).toMatch(/messages/);
      });

      it("withIndex eq with order asc and desc", async () => {
        const channel = uid("c");
        await seed(b.t, channel, "a", [
          ["one", 1],
          ["two", 2],
          ["three", 3],
        ]);
        await seed(b.t, uid("other"), "a", [["elsewhere", 1]]);
        const asc = await b.t.query(api.messages.byChannel, { channel });
        expect(asc.map((m: Msg) => m.body)).toEqual(["one", "two", "three"]);
        const desc = await b.t.query(api.messages.byChannel, { channel, order: "desc" });
        expect(desc.map((m: Msg) => m.body)).toEqual(["three", "two", "one"]);
        expect(await b.t.query(api.messages.byChannel, { channel: uid("empty") })).toEqual([]);
      });

      it("withIndex ranges: gt, gte, lt, lte, both bounds, desc, ties by creation time, empty", async () => {
        const channel = uid("c");
        await seed(b.t, channel, "a", [
          ["m0", 0],
          ["m1", 1],
          ["m2a", 2],
          ["m2b", 2],
          ["m3", 3],
          ["m4", 4],
          ["m5", 5],
        ]);
        await seed(b.t, uid("c"), "a", [["noise", 2]]);
        const range = (args: object) => b.t.query(api.conformance.range, { channel, ...args });
        expect(await range({})).toEqual(["m0", "m1", "m2a", "m2b", "m3", "m4", "m5"]);
        expect(await range({ lower: { op: "gt", value: 2 } })).toEqual(["m3", "m4", "m5"]);
        expect(await range({ lower: { op: "gte", value: 2 } })).toEqual(["m2a", "m2b", "m3", "m4", "m5"]);
        expect(await range({ upper: { op: "lt", value: 2 } })).toEqual(["m0", "m1"]);
        expect(await range({ upper: { op: "lte", value: 2 } })).toEqual(["m0", "m1", "m2a", "m2b"]);
        expect(await range({ lower: { op: "gt", value: 1 }, upper: { op: "lt", value: 4 } })).toEqual(["m2a", "m2b", "m3"]);
        expect(await range({ lower: { op: "gte", value: 1 }, upper: { op: "lte", value: 4 } })).toEqual(["m1", "m2a", "m2b", "m3", "m4"]);
        expect(await range({ lower: { op: "gte", value: 2 }, upper: { op: "lte", value: 2 } })).toEqual(["m2a", "m2b"]);
        expect(await range({ lower: { op: "gt", value: 1 }, upper: { op: "lte", value: 4 }, order: "desc" })).toEqual([
          "m4",
          "m3",
          "m2b",
          "m2a",
        ]);
        expect(await range({ lower: { op: "gt", value: 4 }, upper: { op: "lt", value: 2 } })).toEqual([]);
        expect(await range({ lower: { op: "gt", value: 5 } })).toEqual([]);
        expect(await range({ lower: { op: "gte", value: 1.5 }, upper: { op: "lt", value: 2.5 } })).toEqual(["m2a", "m2b"]);
        const strict = await b.t.query(api.messages.likesBetween, { channel, min: 1, max: 4, strict: true });
        expect(strict.map((m: Msg) => m.body)).toEqual(["m2a", "m2b", "m3"]);
        const loose = await b.t.query(api.messages.likesBetween, { channel, min: 1, max: 4, strict: false });
        expect(loose.map((m: Msg) => m.body)).toEqual(["m1", "m2a", "m2b", "m3", "m4"]);
      });

      it("ranges on by_creation_time and full table scans, in both orders", async () => {
        const author = uid("author");
        await seed(b.t, uid("c"), author, [
          ["s0", 0],
          ["s1", 1],
          ["s2", 2],
          ["s3", 3],
        ]);
        const docs: (Msg & { _creationTime: number })[] = await b.t.run((ctx) =>
          ctx.db
            .query("messages")
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            .filter((q: any) => q.eq(q.field("author"), author))
            .collect(),
        );
        const times = docs.map((d) => d._creationTime);
        expect([...times].sort((x, y) => x - y)).toEqual(times);
        expect(new Set(times).size).toBe(4);
        expect(await b.t.query(api.conformance.scan, { author })).toEqual(["s0", "s1", "s2", "s3"]);
        expect(await b.t.query(api.conformance.scan, { author, order: "desc" })).toEqual(["s3", "s2", "s1", "s0"]);
        expect(await b.t.query(api.conformance.createdAfter, { author, after: times[1] })).toEqual(["s2", "s3"]);
        expect(await b.t.query(api.conformance.createdAfter, { author, after: times[1], order: "desc" })).toEqual(["s3", "s2"]);
      });

      it("filter: comparisons, and/or/not, arithmetic, missing fields", async () => {
        const author = uid("author");
        await seed(b.t, uid("c"), author, [
          ["m0", 0],
          ["m1", 1, ["x"]],
          ["m2", 2],
          ["m3", 3, ["pinned"]],
          ["m4", 4],
        ]);
        const kind = (k: string) => b.t.query(api.conformance.filterKind, { author, kind: k });
        expect(await kind("neq")).toEqual(["m0", "m1", "m3", "m4"]);
        expect(await kind("not")).toEqual(["m0", "m1", "m2"]);
        expect(await kind("lt")).toEqual(["m0", "m1"]);
        expect(await kind("lte")).toEqual(["m0", "m1", "m2"]);
        expect(await kind("arith")).toEqual(["m3", "m4"]);
        expect(await kind("mod")).toEqual(["m0", "m2", "m4"]);
        expect(await kind("subDiv")).toEqual(["m3"]);
        // convex-test deviation: its filter evaluator does not implement $neg ("not implemented").
        if (only("convex-local")) expect(await kind("neg")).toEqual(["m3"]);
        expect(await kind("noTags")).toEqual(["m0", "m2", "m4"]);
        expect(await kind("hasTags")).toEqual(["m1", "m3"]);
        expect(await kind("or")).toEqual(["m0", "m3"]);
        const pinned = await b.t.query(api.messages.filtered, { author, minLikes: 4 });
        expect(pinned.map((m: Msg) => m.body)).toEqual(["m3", "m4"]);
      });

      it("first, take, unique and async iteration", async () => {
        const read = (channel: string) => b.t.query(api.messages.firstTakeUnique, { channel });
        expect(await read(uid("empty"))).toEqual({ first: null, two: [], unique: null, uniqueError: null, iterated: [] });
        const one = uid("c");
        await seed(b.t, one, "a", [["only", 1]]);
        expect(await read(one)).toEqual({ first: "only", two: ["only"], unique: "one", uniqueError: null, iterated: ["only"] });
        const many = uid("c");
        await seed(b.t, many, "a", [
          ["a", 1],
          ["b", 2],
          ["c", 3],
          ["d", 4],
        ]);
        expect(await read(many)).toEqual({
          first: "a",
          two: ["a", "b"],
          unique: null,
          uniqueError: "unique() query returned more than one result from table messages",
          iterated: ["d", "c", "b"],
        });
      });

      it("normalizeId accepts ids of its table only", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "n", likes: 0 });
        expect(await b.t.query(api.messages.normalize, { raw: id })).toEqual({ asMessage: id, asCounter: null });
        const counterId = await b.t.run((ctx) => ctx.db.insert("counters", { name: uid("n"), value: 0 }));
        expect(await b.t.query(api.messages.normalize, { raw: counterId })).toEqual({ asMessage: null, asCounter: counterId });
        expect(await b.t.query(api.messages.normalize, { raw: "not an id" })).toEqual({ asMessage: null, asCounter: null });
      });

      it("inline t.query and t.run see committed data", async () => {
        const channel = uid("c");
        await seed(b.t, channel, "a", [["x", 1]]);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const count = (ctx: any) =>
          ctx.db
            .query("messages")
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            .withIndex("by_channel", (q: any) => q.eq("channel", channel))
            .collect();
        expect((await b.t.query(count)).length).toBe(1);
        expect(((await b.t.run(count)) as Msg[]).length).toBe(1);
      });
    });

    describe("values: every Convex type, its order and equality", () => {
      const b = backend();
      const set = uid("kinds");
      const bytes = (...xs: number[]) => new Uint8Array(xs).buffer;
      // Insertion order deliberately differs from Convex's order.
      const items: { name: string; value?: Value }[] = [
        { name: "s-b", value: "b" },
        { name: "missing" },
        { name: "obj-b0", value: { b: 0 } },
        { name: "f-nan", value: NaN },
        { name: "true", value: true },
        { name: "arr-2", value: [2] },
        { name: "int-pos", value: 3n },
        { name: "f-pos", value: 2 },
        { name: "s-emoji", value: "😀" },
        { name: "s-high", value: "\uffff" },
        { name: "bytes-0-1", value: bytes(0, 1) },
        { name: "null", value: null },
        { name: "f-zero", value: 0 },
        { name: "f-negzero", value: -0 },
        { name: "arr-1-2", value: [1, 2] },
        { name: "obj-a1b1", value: { a: 1, b: 1 } },
        { name: "s-empty", value: "" },
        { name: "int-neg", value: -5n },
        { name: "f-neginf", value: -Infinity },
        { name: "bytes-1", value: bytes(1) },
        { name: "false", value: false },
        { name: "arr-empty", value: [] },
        { name: "s-a", value: "a" },
        { name: "f-inf", value: Infinity },
        { name: "obj-empty", value: {} },
        { name: "s-ab", value: "ab" },
        { name: "f-neg", value: -1.5 },
        { name: "bytes-empty", value: bytes() },
        { name: "arr-1", value: [1] },
        { name: "obj-a1", value: { a: 1 } },
        { name: "int-zero", value: 0n },
      ];
      /** Names in Convex's order: compareValues from convex/values, ties in insertion (creation) order. */
      const ordered = (list: typeof items) => [...list].sort((x, y) => compareValues(x.value, y.value)).map((i) => i.name);
      /** ArrayBuffers (possibly from another realm) as arrays, so toEqual compares their bytes. */
      const plain = (v: unknown): unknown =>
        Object.prototype.toString.call(v) === "[object ArrayBuffer]"
          ? { bytes: [...new Uint8Array(v as ArrayBuffer)] }
          : Array.isArray(v)
            ? v.map(plain)
            : v !== null && typeof v === "object"
              ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
              : v;

      beforeAll(async () => {
        await b.t.mutation(api.conformance.putKinds, { set, items });
      });

      it("every value type round-trips (int64, -0, NaN, ±Infinity, bytes, nested)", async () => {
        const read: { name: string; value?: Value }[] = await b.t.query(api.conformance.kindsValues, { set });
        const byName = new Map(read.map((r) => [r.name, plain(r.value)]));
        for (const item of items) expect(byName.get(item.name), item.name).toEqual(plain(item.value));
        expect(Object.is(byName.get("f-negzero"), -0)).toBe(true);
        expect(typeof byName.get("int-pos")).toBe("bigint");
      });

      it("an index orders values across types like Convex", async () => {
        const expected = ordered(items);
        expect(expected.slice(0, 3)).toEqual(["missing", "null", "int-neg"]);
        expect(await b.t.query(api.conformance.kindsInOrder, { set })).toEqual(expected);
        expect(await b.t.query(api.conformance.kindsInOrder, { set, order: "desc" })).toEqual([...expected].reverse());
      });

      const probes: [string, Value | undefined][] = [
        ["undefined", undefined],
        ["null", null],
        ["0n", 0n],
        ["0", 0],
        ["-0", -0],
        ["NaN", NaN],
        ["true", true],
        ["a", "a"],
        ["bytes [1]", bytes(1)],
        ["[1]", [1]],
        ["{a:1}", { a: 1 }],
      ];
      for (const [label, value] of probes) {
        it(`equality and ranges against ${label}`, async () => {
          const expected = (keep: (c: number) => boolean) => ordered(items.filter((i) => keep(compareValues(i.value, value))));
          for (const [op, keep] of [
            ["eq", (c: number) => c === 0],
            ["gt", (c: number) => c > 0],
            ["lt", (c: number) => c < 0],
          ] as const) {
            const r = await b.t.query(api.conformance.kindsCompare, { set, op, ...(value === undefined ? {} : { value }) });
            expect(r.indexed, `index ${op} ${label}`).toEqual(expected(keep));
            // convex-test deviation: its filter evaluates gt/lt with JavaScript's
            // operators, not Convex's value order, so across types it disagrees
            // with a deployment (and with its own index ranges).
            if (op === "eq" || only("convex-local")) expect(r.filtered, `filter ${op} ${label}`).toEqual(expected(keep));
          }
        });
      }

      it("objects compare by sorted field names: {b, a} equals {a, b}", async () => {
        const s = uid("objects");
        await b.t.mutation(api.conformance.putKinds, {
          set: s,
          items: [
            { name: "ab", value: { a: 1, b: 2 } },
            { name: "ba", value: { b: 2, a: 1 } },
            { name: "a2", value: { a: 2 } },
          ],
        });
        expect(
          ordered([
            { name: "ab", value: { a: 1, b: 2 } },
            { name: "ba", value: { b: 2, a: 1 } },
            { name: "a2", value: { a: 2 } },
          ]),
        ).toEqual(["ab", "ba", "a2"]);
        expect(await b.t.query(api.conformance.kindsInOrder, { set: s })).toEqual(["ab", "ba", "a2"]);
        const r = await b.t.query(api.conformance.kindsCompare, { set: s, op: "eq", value: { b: 2, a: 1 } });
        expect(r).toEqual({ filtered: ["ab", "ba"], indexed: ["ab", "ba"] });
      });
    });

    describe("ctx.db writes", () => {
      const b = backend();

      it("insert gives distinct ids and increasing _creationTime", async () => {
        const channel = uid("c");
        await seed(b.t, channel, "a", [
          ["1", 1],
          ["2", 2],
          ["3", 3],
        ]);
        const docs = await b.t.query(api.messages.byChannel, { channel });
        expect(new Set(docs.map((d: { _id: string }) => d._id)).size).toBe(3);
        for (let i = 1; i < docs.length; i++) expect(docs[i]._creationTime).toBeGreaterThan(docs[i - 1]._creationTime);
        for (const d of docs)
          expect(await b.t.query(api.messages.normalize, { raw: d._id })).toEqual({ asMessage: d._id, asCounter: null });
      });

      it("patch merges fields and removes a field set to undefined", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "p", likes: 1, tags: ["t"] });
        const before = await b.t.query(api.messages.get, { id });
        expect(await b.t.mutation(api.messages.like, { id })).toBe(2);
        const after = await b.t.query(api.messages.get, { id });
        expect(after).toEqual({ ...before, likes: 2, tags: undefined });
        expect("tags" in after).toBe(false);
        await b.t.mutation(api.conformance.patchAny, { id, fields: { body: "edited", tags: ["new"] } });
        expect(await b.t.query(api.messages.get, { id })).toEqual({ ...before, likes: 2, body: "edited", tags: ["new"] });
      });

      it("replace swaps the whole document but keeps _id and _creationTime", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "old", likes: 5, tags: ["gone"] });
        const before = await b.t.query(api.messages.get, { id });
        await b.t.mutation(api.messages.rewrite, { id, body: "new" });
        const after = await b.t.query(api.messages.get, { id });
        expect(after).toEqual({
          _id: id,
          _creationTime: before._creationTime,
          channel: before.channel,
          author: "a",
          body: "new",
          likes: 0,
        });
      });

      it("system fields cannot be changed by patch or replace", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "sys", likes: 0 });
        const err = await failure(b.t.run((ctx) => ctx.db.patch(id, { _creationTime: 1 })));
        expect(err.message).toMatch(/_creationTime/);
        const doc = await b.t.query(api.messages.get, { id });
        // Passing the document's own system fields back is allowed.
        await b.t.run((ctx) => ctx.db.replace(id, { ...doc, body: "same ids" }));
        expect(await b.t.query(api.messages.get, { id })).toEqual({ ...doc, body: "same ids" });
      });

      it("delete removes the document; deleting or patching it again fails", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "d", likes: 0 });
        await b.t.mutation(api.messages.remove, { id });
        expect(await b.t.query(api.messages.get, { id })).toBeNull();
        expect((await failure(b.t.mutation(api.messages.remove, { id }))).message).toMatch(/delete on non-?existent/i);
        expect((await failure(b.t.mutation(api.conformance.patchAny, { id, fields: { likes: 1 } }))).message).toMatch(
          /patch on non-?existent/i,
        );
      });

      it("a mutation that throws leaves no writes", async () => {
        const channel = uid("c");
        await failure(b.t.mutation(api.messages.failsAfterWrite, { channel }));
        expect(await b.t.query(api.messages.byChannel, { channel })).toEqual([]);
      });

      it("ctx.runQuery / ctx.runMutation inside a mutation share its transaction", async () => {
        const label = uid("nested");
        expect(await b.t.mutation(api.conformance.nested, { label })).toEqual({ before: 0, after: 1 });
        expect(await b.t.query(api.scheduling.events, { label })).toBe(1);
        expect(await b.t.query(api.conformance.nestedQuery, { label })).toBe(1);
      });

      it("a failing nested ctx.runMutation rolls back only its own writes", async () => {
        const label = uid("sub");
        const caught = await b.t.mutation(api.conformance.nestedFailure, { label });
        expect(caught).toEqual({ convexError: true, data: { code: "CHILD_FAILED", label } });
        expect(await b.t.query(api.conformance.labels, { prefix: label })).toEqual([`${label}:parent`]);
      });

      it("mutations are serializable: concurrent increments all land", async () => {
        const name = uid("counter");
        await Promise.all(Array.from({ length: 20 }, () => b.t.mutation(api.counters.increment, { name })));
        expect(await b.t.query(api.counters.get, { name })).toBe(20);
      });
    });

    describe("validators", () => {
      const b = backend();
      const good = () => ({ channel: uid("c"), author: "a", body: "b", likes: 1 });

      it("bad arguments are rejected with a clear error and nothing runs", async () => {
        const author = uid("author");
        const wrongType = await failure(b.t.mutation(api.messages.send, { ...good(), author, likes: "many" }));
        if (only("convex-local")) {
          // A deployment's wording: "ArgumentValidationError: Value does not match validator.\nPath: .likes ...".
          expect(wrongType.message).toMatch(/ArgumentValidationError[\s\S]*Path: \.likes[\s\S]*v\.float64\(\)/);
        } else {
          // convex-test deviation: "Validator error: Expected `number`, got `many`", no path or field name.
          expect(wrongType.message).toMatch(/Validator error/);
        }
        expect((await failure(b.t.mutation(api.messages.send, { channel: "c", body: "b", likes: 1 }))).message).toMatch(
          /required field `author`/,
        );
        expect((await failure(b.t.mutation(api.messages.send, { ...good(), author, extra: true }))).message).toMatch(/field `extra`/);
        expect(await b.t.query(api.conformance.filterKind, { author, kind: "lte" })).toEqual([]);
      });

      it("v.id checks the table", async () => {
        const counterId = await b.t.run((ctx) => ctx.db.insert("counters", { name: uid("n"), value: 0 }));
        await failure(b.t.query(api.messages.get, { id: counterId }));
        await failure(b.t.query(api.messages.get, { id: "not-an-id" }));
        const id = await b.t.mutation(api.messages.send, good());
        expect((await b.t.query(api.messages.get, { id }))._id).toBe(id);
      });

      it("nested objects, arrays, unions, literals, null and int64", async () => {
        const ok = { nested: { a: ["x", 1], b: true }, lit: "x", nul: null };
        expect(await b.t.mutation(api.conformance.shapes, ok)).toEqual({ ok: true });
        expect(await b.t.mutation(api.conformance.shapes, { ...ok, lit: 2, big: 21n })).toEqual({ ok: true, big: 42n });
        await failure(b.t.mutation(api.conformance.shapes, { nested: { a: [true] } }));
        await failure(b.t.mutation(api.conformance.shapes, { nested: { a: [] }, lit: "y" }));
        await failure(b.t.mutation(api.conformance.shapes, { nested: { a: [] }, big: 1 }));
        await failure(b.t.mutation(api.conformance.shapes, { nested: { a: [], c: 1 } }));
        await failure(b.t.mutation(api.conformance.shapes, { nested: { a: [] }, nul: 0 }));
        await failure(b.t.mutation(api.conformance.shapes, {}));
      });

      it("v.record values are checked", async () => {
        expect(await b.t.mutation(api.conformance.shapes, { nested: { a: [] }, rec: { x: 1 } })).toEqual({ ok: true });
        const bad = b.t.mutation(api.conformance.shapes, { nested: { a: [] }, rec: { x: "one" } });
        if (only("convex-local")) await failure(bad);
        // convex-test deviation: its validator has no case for "record", so any record passes.
        else await bad;
      });

      it("return validators reject a bad return value", async () => {
        const err = await failure(b.t.query(api.messages.badReturn, {}));
        // A deployment: "ReturnsValidationError: Value does not match validator. ..."; convex-test: "Return value validation failed for query ...".
        expect(err.message).toMatch(only("convex-local") ? /ReturnsValidationError/ : /Return value validation failed/);
        const label = uid("ret");
        expect(await b.t.mutation(api.conformance.maybeBadReturn, { bad: false, label })).toBe("fine");
        await failure(b.t.mutation(api.conformance.maybeBadReturn, { bad: true, label }));
        // A deployment validates the return value before committing, so the failed call writes nothing.
        // convex-test deviation: it validates after committing, so its failed call keeps the write.
        expect(await b.t.query(api.scheduling.events, { label })).toBe(only("convex-local") ? 1 : 2);
      });

      it("schema validation on insert, patch (incl. removing a required field) and replace", async () => {
        const insert = await failure(b.t.mutation(api.messages.badWrite, {}));
        if (only("convex-local")) expect(insert.message).toMatch(/does not match the schema[\s\S]*Path: \.likes/);
        // convex-test deviation: "Validator error: Expected `number`, got `many`".
        else expect(insert.message).toMatch(/Validator error/);
        const id = await b.t.mutation(api.messages.send, good());
        const before = await b.t.query(api.messages.get, { id });
        await failure(b.t.mutation(api.conformance.patchAny, { id, fields: { likes: "many" } }));
        await failure(b.t.mutation(api.conformance.patchAny, { id, fields: { unknownField: 1 } }));
        expect((await failure(b.t.mutation(api.conformance.dropBody, { id }))).message).toMatch(/required field `body`/);
        expect((await failure(b.t.mutation(api.conformance.replaceInvalid, { id }))).message).toMatch(/required field `likes`/);
        expect(await b.t.query(api.messages.get, { id })).toEqual(before);
      });

      it("writes to a table the schema does not declare are rejected", async () => {
        const write = b.t.run((ctx) => ctx.db.insert("undeclared", { x: 1 }));
        // A deployment with schema validation rejects tables missing from the schema.
        if (only("convex-local")) expect((await failure(write)).message).toMatch(/undeclared/);
        // convex-test deviation: it only validates tables the schema declares.
        else await write;
      });
    });

    describe("ConvexError", () => {
      const b = backend();

      it("a ConvexError's data reaches the client and its writes are rolled back", async () => {
        const channel = uid("c");
        const err = await failure(b.t.mutation(api.messages.failsAfterWrite, { channel }));
        expect(err).toBeInstanceOf(ConvexError);
        expect(err.data).toEqual({ code: "QUOTA_EXCEEDED", limit: 3 });
        expect(err.message).toContain('{"code":"QUOTA_EXCEEDED","limit":3}');
        expect(await b.t.query(api.messages.byChannel, { channel })).toEqual([]);
      });

      it("string data, data thrown by a mutation's own check, data from an action", async () => {
        const str = await failure(b.t.mutation(api.conformance.failWithString, {}));
        expect(str).toBeInstanceOf(ConvexError);
        expect(str.data).toBe("plain string data");
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "b", likes: 0 });
        await b.t.mutation(api.messages.remove, { id });
        const notFound = await failure(b.t.mutation(api.messages.like, { id }));
        expect(notFound.data).toEqual({ code: "NOT_FOUND", message: "No such message" });
        const fromAction = await failure(b.t.action(api.conformance.failAction, { reason: "because" }));
        expect(fromAction).toBeInstanceOf(ConvexError);
        expect(fromAction.data).toEqual({ code: "ACTION_FAILED", reason: "because" });
      });

      it("an action catches a ConvexError from ctx.runMutation with its data", async () => {
        const id = await b.t.mutation(api.messages.send, { channel: uid("c"), author: "a", body: "b", likes: 0 });
        await b.t.mutation(api.messages.remove, { id });
        expect(await b.t.action(api.conformance.catchFromAction, { id })).toEqual({
          caught: true,
          convexError: true,
          data: { code: "NOT_FOUND", message: "No such message" },
        });
      });

      it("other errors carry their message and no data", async () => {
        const err = await failure(b.t.mutation(api.scheduling.laterThenFail, { label: uid("l") }));
        expect(err).not.toBeInstanceOf(ConvexError);
        expect(err.data).toBeUndefined();
        expect(err.message).toContain("rolled back, so nothing is scheduled");
      });
    });

    describe("pagination", () => {
      const b = backend();

      type Page = { page: Msg[]; isDone: boolean; continueCursor: string };
      async function walk(fetchPage: (cursor: string | null) => Promise<Page>) {
        const pages: string[][] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 100; i++) {
          const r: Page = await fetchPage(cursor);
          pages.push(r.page.map((m) => m.body));
          expect(typeof r.continueCursor).toBe("string");
          if (r.isDone) return pages;
          cursor = r.continueCursor;
        }
        throw new Error("pagination never finished");
      }
      /**
       * Non-final pages are full. Whether the page that reaches the last row
       * already says isDone differs (convex-test looks ahead, convex-local
       * answers isDone on the next, empty page; clients handle both), so only
       * the concatenation and the page sizes are compared.
       */
      function expectPages(pages: string[][], numItems: number, all: string[]) {
        expect(pages.flat()).toEqual(all);
        const full = pages.slice(0, -1).filter((p) => p.length > 0);
        for (const p of full) expect(p.length).toBe(numItems);
        expect(pages.slice(0, -1).every((p) => p.length > 0)).toBe(true);
      }

      it("walks every page: same documents in the same order as collect()", async () => {
        const channel = uid("c");
        const bodies = Array.from({ length: 10 }, (_, i) => `p${i}`);
        await seed(
          b.t,
          channel,
          "a",
          bodies.map((body, i) => [body, i]),
        );
        for (const numItems of [1, 3, 5, 10, 20]) {
          const pages = await walk((cursor) => b.t.query(api.messages.page, { channel, paginationOpts: { numItems, cursor } }));
          expectPages(pages, numItems, bodies);
        }
        const empty = await b.t.query(api.messages.page, { channel: uid("none"), paginationOpts: { numItems: 5, cursor: null } });
        expect(empty.page).toEqual([]);
        expect(empty.isDone).toBe(true);
      });

      it("paginates in descending order with a filter", async () => {
        const channel = uid("c");
        await seed(
          b.t,
          channel,
          "a",
          Array.from({ length: 12 }, (_, i): [string, number] => [`f${i}`, i % 3]),
        );
        const expected = Array.from({ length: 12 }, (_, i) => i)
          .filter((i) => i % 3 >= 1)
          .reverse()
          .map((i) => `f${i}`);
        const pages = await walk((cursor) =>
          b.t.query(api.conformance.pageFiltered, { channel, minLikes: 1, paginationOpts: { numItems: 3, cursor } }),
        );
        expect(pages.flat()).toEqual(expected);
      });

      it("cursors stay valid across writes: later inserts appear, deleted rows vanish", async () => {
        const channel = uid("c");
        await seed(
          b.t,
          channel,
          "a",
          Array.from({ length: 6 }, (_, i): [string, number] => [`w${i}`, i]),
        );
        const first = await b.t.query(api.messages.page, { channel, paginationOpts: { numItems: 2, cursor: null } });
        expect(first.page.map((m: Msg) => m.body)).toEqual(["w0", "w1"]);
        const all = await b.t.query(api.messages.byChannel, { channel });
        await b.t.mutation(api.messages.remove, { id: all[3]._id });
        await b.t.mutation(api.messages.send, { channel, author: "a", body: "w6", likes: 6 });
        const rest = await walk((cursor) =>
          b.t.query(api.messages.page, { channel, paginationOpts: { numItems: 2, cursor: cursor ?? first.continueCursor } }),
        );
        expect(rest.flat()).toEqual(["w2", "w4", "w5", "w6"]);
      });

      it("endCursor re-reads exactly the rows up to a previous page's end", async () => {
        const channel = uid("c");
        await seed(
          b.t,
          channel,
          "a",
          Array.from({ length: 6 }, (_, i): [string, number] => [`e${i}`, i]),
        );
        const first = await b.t.query(api.messages.page, { channel, paginationOpts: { numItems: 3, cursor: null } });
        expect(first.page.map((m: Msg) => m.body)).toEqual(["e0", "e1", "e2"]);
        await b.t.mutation(api.messages.remove, { id: first.page[1]._id });
        const again = await b.t.query(api.messages.page, {
          channel,
          paginationOpts: { numItems: 3, cursor: null, endCursor: first.continueCursor },
        });
        expect(again.page.map((m: Msg) => m.body)).toEqual(["e0", "e2"]);
        expect(again.isDone).toBe(false);
        const next = await b.t.query(api.messages.page, { channel, paginationOpts: { numItems: 3, cursor: first.continueCursor } });
        expect(next.page.map((m: Msg) => m.body)).toEqual(["e3", "e4", "e5"]);
      });

      it("only one paginated query per function", async () => {
        expect((await failure(b.t.query(api.conformance.twoPages, { channel: uid("c") }))).message).toMatch(/paginated quer/);
      });
    });

    describe("auth", () => {
      const b = backend();

      it("no identity by default", async () => {
        expect(await b.t.query(api.identity.whoami, {})).toBeNull();
      });

      it("withIdentity sets the identity; the default issuer is https://convex.test", async () => {
        const me = b.t.withIdentity({ subject: "user-1", name: "Ann", email: "ann@example.com" });
        expect(await me.query(api.identity.whoami, {})).toEqual({
          subject: "user-1",
          issuer: "https://convex.test",
          tokenIdentifier: "https://convex.test|user-1",
          name: "Ann",
          email: "ann@example.com",
        });
        // The handle it was derived from is unaffected.
        expect(await b.t.query(api.identity.whoami, {})).toBeNull();
      });

      it("generated subject, custom issuer and tokenIdentifier", async () => {
        const generated = await b.t.withIdentity({ name: "No Subject" }).query(api.identity.whoami, {});
        expect(typeof generated.subject).toBe("string");
        expect(generated.subject.length).toBeGreaterThan(0);
        expect(generated.tokenIdentifier).toBe(`https://convex.test|${generated.subject}`);
        const custom = await b.t.withIdentity({ subject: "s", issuer: "https://issuer.example" }).query(api.identity.whoami, {});
        expect(custom).toMatchObject({ subject: "s", issuer: "https://issuer.example", tokenIdentifier: "https://issuer.example|s" });
        const token = await b.t.withIdentity({ subject: "s", tokenIdentifier: "custom-token" }).query(api.identity.whoami, {});
        expect(token.tokenIdentifier).toBe("custom-token");
      });

      it("the identity reaches actions and the queries they run", async () => {
        expect(await b.t.withIdentity({ subject: "u2", name: "Bo" }).action(api.conformance.whoamiViaAction, {})).toEqual({
          direct: "u2",
          viaQuery: { subject: "u2", issuer: "https://convex.test", tokenIdentifier: "https://convex.test|u2", name: "Bo", email: null },
        });
        expect(await b.t.action(api.conformance.whoamiViaAction, {})).toEqual({ direct: null, viaQuery: null });
      });
    });

    describe("scheduler", () => {
      const b = backend();
      // convex-test runs scheduled functions on timers, which tests drive with fake
      // timers. convex-local has a real server (its clock must stay real) and
      // drains jobs itself, ignoring the advanceTimers argument.
      beforeEach(() => {
        if (only("convex-test")) vi.useFakeTimers();
      });
      afterEach(() => {
        vi.useRealTimers();
      });
      const drain = () => b.t.finishAllScheduledFunctions(vi.isFakeTimers() ? vi.runAllTimers : () => {});

      it("runAfter runs the job after the commit; finishAllScheduledFunctions drains it", async () => {
        const label = uid("later");
        expect(await b.t.mutation(api.scheduling.later, { label, delayMs: 60_000 })).toBeNull();
        expect(await b.t.query(api.scheduling.events, { label })).toBe(0);
        expect(await b.t.query(api.conformance.jobs, { prefix: label })).toEqual([{ name: "scheduling:record", label, state: "pending" }]);
        await drain();
        expect(await b.t.query(api.scheduling.events, { label })).toBe(1);
        expect(await b.t.query(api.conformance.jobs, { prefix: label })).toEqual([{ name: "scheduling:record", label, state: "success" }]);
      });

      it("a rolled-back mutation schedules nothing", async () => {
        const label = uid("rolled");
        await failure(b.t.mutation(api.scheduling.laterThenFail, { label }));
        expect(await b.t.query(api.conformance.jobs, { prefix: label })).toEqual([]);
        await drain();
        expect(await b.t.query(api.scheduling.events, { label })).toBe(0);
      });

      it("runAt, cancel, failures, and no identity in scheduled functions", async () => {
        const label = uid("mix");
        await b.t.withIdentity({ subject: "scheduler-user" }).mutation(api.conformance.scheduleMix, { label, delayMs: 30_000 });
        await drain();
        expect(await b.t.query(api.conformance.labels, { prefix: label })).toEqual([`${label}:after`, `${label}:anonymous`, `${label}:at`]);
        expect(await b.t.query(api.conformance.jobs, { prefix: label })).toEqual([
          { name: "conformance:recordIdentity", label, state: "success" },
          { name: "scheduling:record", label: `${label}:after`, state: "success" },
          { name: "scheduling:record", label: `${label}:at`, state: "success" },
          { name: "scheduling:record", label: `${label}:canceled`, state: "canceled" },
          { name: "conformance:insertThenFail", label: `${label}:failed`, state: "failed" },
        ]);
      });

      it("jobs scheduled by scheduled jobs are drained too", async () => {
        const label = uid("chain");
        await b.t.mutation(api.conformance.startChain, { label, length: 4 });
        await drain();
        expect(await b.t.query(api.scheduling.events, { label })).toBe(4);
      });

      it("an action's ctx.runMutation, ctx.runQuery and ctx.scheduler", async () => {
        const label = uid("action");
        expect(await b.t.action(api.scheduling.viaAction, { label })).toBe(1);
        await drain();
        expect(await b.t.query(api.scheduling.events, { label })).toBe(2);
      });

      // A job is due on convex-local's own timer and finishAllScheduledFunctions
      // can pick it up at the same moment; it must still run once. convex-test
      // has a single path, so there is nothing to race.
      it.runIf(only("convex-local"))("a job picked up by both the timer and a drain runs once (convex-local only)", async () => {
        const scheduler = b.local!.server.runtime.scheduler as unknown as { runDue(): Promise<void> };
        const label = uid("race");
        await b.t.run(async (ctx) => {
          for (let i = 0; i < 5; i++) await ctx.scheduler.runAfter(0, api.scheduling.viaAction, { label });
        });
        await Promise.all([scheduler.runDue(), drain()]);
        // Each viaAction run records once itself and schedules one more record.
        expect(await b.t.query(api.scheduling.events, { label })).toBe(10);
        const jobs = (await b.t.query(api.conformance.jobs, { prefix: label })) as { name: string; state: string }[];
        expect(jobs.map((j) => `${j.name} ${j.state}`).sort()).toEqual([
          ...Array(5).fill("scheduling:record success"),
          ...Array(5).fill("scheduling:viaAction success"),
        ]);
      });

      // Crons only fire on a running deployment: convex-test never runs crons.ts.
      it.runIf(only("convex-local"))("the crons.ts interval cron fires (convex-local only)", async () => {
        const deadline = Date.now() + 5_000;
        while ((await b.t.query(api.scheduling.events, { label: "cron-tick" })) === 0) {
          if (Date.now() > deadline) throw new Error("the 1 s cron did not fire within 5 s");
          await new Promise((r) => setTimeout(r, 100));
        }
      });
    });

    describe("actions and internal functions", () => {
      const b = backend();

      it("an action runs internal actions, mutations and queries", async () => {
        await seed(b.t, uid("c"), "a", [
          ["x", 1],
          ["y", 2],
        ]);
        const secret = await b.t.query(internal.messages.secretCount, {});
        expect(secret).toBeGreaterThanOrEqual(2);
        const label = uid("composite");
        expect(await b.t.action(api.conformance.composite, { x: 21, label })).toEqual({ doubled: 42, events: 1, secret });
      });

      it("tests (like admins) call internal functions directly", async () => {
        expect(await b.t.query(internal.conformance.internalOnly, {})).toBe("internal ok");
        expect(await b.t.action(internal.scheduling.internalEcho, { x: 4 })).toBe(8);
        const label = uid("internal");
        await b.t.mutation(internal.scheduling.record, { label });
        expect(await b.t.query(api.scheduling.events, { label })).toBe(1);
      });

      // A public client only exists where there is a server.
      it.runIf(only("convex-local"))("a public client cannot call internal functions (convex-local only)", async () => {
        const client = new ConvexHttpClient(b.local!.url, { logger: false });
        // The public client's types refuse internal references; the server must refuse them too.
        const err = await failure(client.query(internal.conformance.internalOnly as never, {}));
        expect(err.message).toMatch(/Could not find public function for 'conformance:internalOnly'/);
        expect(await client.query(api.identity.whoami, {})).toBeNull();
      });
    });

    describe("storage", () => {
      const b = backend();

      async function sha256Base64(text: string) {
        const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
        return btoa(String.fromCharCode(...digest));
      }

      it("store from an action, metadata, getUrl, get, delete", async () => {
        const text = `hello storage ${uid("f")}`;
        const id = await b.t.action(api.files.storeText, { text });
        const meta = await b.t.query(api.conformance.storageMeta, { id });
        expect(meta).toMatchObject({ size: new TextEncoder().encode(text).length, sha256: await sha256Base64(text) });
        expect(typeof meta.url).toBe("string");
        expect(await b.t.query(api.files.url, { id })).toBe(meta.url);
        expect(await b.t.action(api.conformance.readText, { id })).toBe(text);
        if (only("convex-local")) {
          // convex-test hands out a placeholder URL nothing serves.
          const res = await fetch(meta.url);
          expect(await res.text()).toBe(text);
        }
        await failure(b.t.mutation(api.conformance.removeThenFail, { id }));
        expect(await b.t.action(api.conformance.readText, { id })).toBe(text);
        await b.t.mutation(api.files.remove, { id });
        expect(await b.t.query(api.conformance.storageMeta, { id })).toBeNull();
        expect(await b.t.query(api.files.url, { id })).toBeNull();
        expect(await b.t.action(api.conformance.readText, { id })).toBeNull();
        if (only("convex-local")) expect((await fetch(meta.url)).status).toBe(404);
      });

      it("generateUploadUrl gives an upload URL", async () => {
        const url: string = await b.t.mutation(api.files.uploadUrl, {});
        expect(url).toMatch(/\/api\/storage\/upload\?token=/);
        if (only("convex-local")) {
          // Uploading needs a server; convex-test's URL is a placeholder.
          const res = await fetch(url, { method: "POST", headers: { "Content-Type": "text/plain" }, body: "uploaded" });
          const { storageId } = (await res.json()) as { storageId: string };
          expect(await b.t.action(api.conformance.readText, { id: storageId })).toBe("uploaded");
          expect((await fetch(url.replace(/token=.*/, "token=forged.sig"), { method: "POST", body: "x" })).status).toBe(401);
        }
      });
    });

    describe("search indexes", () => {
      const b = backend();

      it("finds documents by their words within the filter field, and follows writes", async () => {
        const channel = uid("c");
        await seed(b.t, channel, "a", [
          ["the quick brown fox", 1],
          ["lazy dogs sleep", 2],
          ["quick thinking wins", 3],
        ]);
        await seed(b.t, uid("other"), "a", [["quick elsewhere", 4]]);
        const bodies = async (text: string) =>
          ((await b.t.query(api.messages.search, { channel, text })) as Msg[]).map((m) => m.body).sort();
        expect(await bodies("quick")).toEqual(["quick thinking wins", "the quick brown fox"]);
        expect(await bodies("dogs")).toEqual(["lazy dogs sleep"]);
        expect(await bodies("nothing matches")).toEqual([]);
        const [fox] = (await b.t.query(api.messages.search, { channel, text: "fox" })) as (Msg & { _id: string })[];
        await b.t.mutation(api.messages.rewrite, { id: fox._id, body: "a slow turtle" });
        expect(await bodies("quick")).toEqual(["quick thinking wins"]);
        expect(await bodies("turtle")).toEqual(["a slow turtle"]);
      });
    });

    describe("HTTP actions", () => {
      const b = backend();

      it("t.fetch routes to http.ts", async () => {
        const channel = uid("c");
        await seed(b.t, channel, "a", [
          ["h1", 1],
          ["h2", 2],
        ]);
        const res = await b.t.fetch(`/count?channel=${channel}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ channel, count: 2 });
        expect((await b.t.fetch("/no-such-route")).status).toBe(404);
      });
    });

    describe("limits", () => {
      const b = backend();
      const group = 1_000 + Math.floor(Math.random() * 1_000_000);

      it("reading more than 32,000 documents fails; 32,000 is fine", async () => {
        // Filled in mutations of 8,000 writes, well under the 16,000-writes limit.
        for (let i = 0; i < 4; i++) await b.t.mutation(api.limits.fill, { group, from: i * 8_000, count: 8_000, size: 1 });
        expect(await b.t.query(api.limits.readAll, { group })).toBe(32_000);
        expect((await b.t.query(api.limits.page, { group, after: 31_995, n: 10 })).map((d: { seq: number }) => d.seq)).toEqual([
          31_996, 31_997, 31_998, 31_999,
        ]);
        await b.t.mutation(api.limits.fill, { group, from: 32_000, count: 1, size: 1 });
        const err = await failure(b.t.query(api.limits.readAll, { group }));
        // convex-test: "Scanned too many documents ..."; a deployment and convex-local: "Too many documents read ...".
        expect(err.message).toMatch(/too many documents( read)? in a single function execution \(limit: 32000\)/i);
      }, 60_000);

      it("writing more than 16,000 documents fails and writes nothing", async () => {
        const g = group + 1;
        const err = await failure(b.t.mutation(api.limits.fill, { group: g, from: 0, count: 16_001, size: 1 }));
        // convex-test: "Wrote too many documents ..."; convex-local: "Too many documents written ...".
        expect(err.message).toMatch(/too many documents( written)? in a single function execution \(limit: 16000\)/i);
        expect(await b.t.query(api.limits.readAll, { group: g })).toBe(0);
      });

      it("more than 4,096 index ranges (here db.get calls) in one function fail", async () => {
        const id = await b.t.run((ctx) => ctx.db.insert("events", { label: uid("get"), at: 0 }));
        expect(await b.t.query(api.conformance.manyGets, { id, n: 4_000 })).toBe(4_000);
        const err = await failure(b.t.query(api.conformance.manyGets, { id, n: 4_097 }));
        // A deployment and convex-local: "Too many reads ..."; convex-test: "Too many index ranges read ...".
        expect(err.message).toMatch(/too many (index ranges read|reads) in a single function execution \(limit: 4096\)/i);
      });

      it("scheduling more than 1,000 functions in one mutation fails and schedules nothing", async () => {
        const label = uid("many");
        const err = await failure(b.t.mutation(api.conformance.scheduleMany, { label, n: 1_001 }));
        // convex-test: "Scheduled too many functions ..."; convex-local: "Too many functions scheduled ...".
        expect(err.message).toMatch(/(too many functions scheduled|scheduled too many functions).*\(limit: 1000\)/i);
        expect(await b.t.query(api.conformance.jobs, { prefix: label })).toEqual([]);
        await b.t.finishAllScheduledFunctions(() => {});
        expect(await b.t.query(api.scheduling.events, { label })).toBe(0);
      });

      // convex-test does not check a document's shape: a deployment refuses the same documents.
      it.runIf(only("convex-local"))(
        "documents beyond Convex's shape limits are refused and nothing is written (convex-local only)",
        async () => {
          const set = uid("shape");
          const insert = (value: unknown) =>
            b.t.run((ctx: { db: { insert(t: string, d: unknown): Promise<unknown> } }) =>
              ctx.db.insert("kinds", { set, name: "x", value }),
            );
          const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i]));
          const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
          await insert(fields(1_024));
          await insert(Array.from({ length: 8_192 }, (_, i) => i));
          expect((await failure(insert(fields(1_025)))).message).toMatch(/too many fields \(1025; limit: 1024\)/);
          expect((await failure(insert(Array.from({ length: 8_193 }, (_, i) => i)))).message).toMatch(
            /too many elements \(8193; limit: 8192\)/,
          );
          expect((await failure(insert(nested(20)))).message).toMatch(/nested too deeply .*\(limit: 16 levels\)/);
          expect((await failure(insert("x".repeat(1_100_000)))).message).toMatch(/too large .*1 MiB/);
          const rows = await b.t.run((ctx: { db: { query(t: string): { collect(): Promise<{ set: string }[]> } } }) =>
            ctx.db.query("kinds").collect(),
          );
          expect(rows.filter((r) => r.set === set)).toHaveLength(2);
        },
      );

      // convex-test has no execution-time limit: a deployment stops queries and
      // mutations after 1 s, so this is asserted where the limit exists.
      it.runIf(only("convex-local"))("a query or mutation running longer than 1 s fails (convex-local only)", async () => {
        expect(await b.t.query(api.limits.spin, { ms: 50 })).toBeTypeOf("boolean");
        expect((await failure(b.t.query(api.limits.spin, { ms: 1_100 }))).message).toMatch(/timed out/);
        const label = uid("slow");
        expect((await failure(b.t.mutation(api.conformance.slowMutation, { label, ms: 1_100 }))).message).toMatch(/timed out/);
        expect(await b.t.query(api.scheduling.events, { label })).toBe(0);
      });
    });
  });
}
