/**
 * Conformance cases for the places where convex-local used to differ from a
 * deployment (issue 14, "Behave as Convex behaves"): malformed argument
 * encodings, index range bounds, the by_id index, pagination read limits,
 * transaction metrics, nested transaction options, function metadata. Same
 * rules as cases.ts: one assertion for both sides, `only(...)` with a reason
 * where convex-test cannot follow a deployment.
 */
import { describe, expect, it } from "vitest";
import { ConvexError, getConvexSize, type Value } from "convex/values";
import WebSocket from "ws";
import { api } from "../fixtures/app/_generated/api";

type Msg = { _id: string; channel: string; body: string; likes: number };
import { backendPerDescribe, type ConformanceTarget, type Side } from "./cases";

type Failure = Error & { data?: unknown };

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    return e as Failure;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

let counter = 0;
const uid = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** The three encodings from issue 12 and the backend's reason for each (crates/value/src/json). */
export const MALFORMED_ARGS: [args: Record<string, unknown>, reason: string][] = [
  [{ channel: "acme", $x: 1 }, "Field name $x starts with '$', which is reserved."],
  [{ channel: { $bigint: "AA==" } }, "Field name $bigint starts with '$', which is reserved."],
  [{ channel: { $integer: "zzzz" } }, "Int64 must be exactly eight bytes"],
];

/** Sends one sync-protocol request on a fresh socket and returns the server's answer to it. */
async function syncRequest(
  url: string,
  messages: object[],
  wanted: (msg: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/1.48.0/sync`);
  try {
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.on("message", (data) => {
        const msg = JSON.parse(String(data));
        if (msg.type === "FatalError") reject(new Error(`FatalError: ${msg.error}`));
        else if (wanted(msg)) resolve(msg);
      });
      ws.once("close", () => reject(new Error("socket closed before an answer")));
    });
    ws.send(JSON.stringify({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0, lastCloseReason: null }));
    for (const m of messages) ws.send(JSON.stringify(m));
    return await answer;
  } finally {
    ws.close();
  }
}

export function defineSemantics(name: Side, makeT: () => Promise<ConformanceTarget>) {
  const only = (side: Side) => name === side;

  const backend = () => backendPerDescribe(makeT);

  describe(`conformance (issue 14): ${name}`, () => {
    describe("index ranges", () => {
      const b = backend();

      it("a second lower or upper bound, or a bound on an equality field, is an error, not an empty result", async () => {
        const channel = uid("c");
        await b.t.mutation(api.messages.sendMany, {
          items: [1, 2, 3].map((likes) => ({ channel, author: "a", body: `b${likes}`, likes })),
        });
        const bad = (kind: string) => failure(b.t.query(api.semantics.badRange, { channel, kind }));
        // The backend: "Already defined lower bound in index range. Can't add "likes" >= 2.0." (crates/common/src/query.rs);
        // convex-test: "cannot chain `.gte()` after `.gt()`". Both refuse; the wording differs.
        const lower = await bad("lowerTwice");
        const upper = await bad("upperTwice");
        if (only("convex-local")) {
          expect(lower.message).toMatch(/Already defined lower bound in index range\. Can't add "likes" >= 2/);
          expect(upper.message).toMatch(/Already defined upper bound in index range\. Can't add "likes" <= 4/);
          expect((await bad("eqTwice")).message).toMatch(/Already defined equality bound in index range\. Can't add "channel" == /);
          expect((await bad("eqThenRange")).message).toMatch(/Already defined inequality bound in index range\. Can't add "likes" == 1/);
          expect((await bad("twoFields")).message).toMatch(/can only be applied to a single index field/);
        } else {
          expect(lower.message).toMatch(/withIndex/);
          expect(upper.message).toMatch(/withIndex/);
        }
      });
    });

    describe("the by_id system index", () => {
      const b = backend();

      it('withIndex("by_id") finds a document by id and orders ranges by id', async () => {
        const channel = uid("c");
        await b.t.mutation(api.messages.sendMany, {
          items: [1, 2, 3, 4].map((likes) => ({ channel, author: "a", body: `i${likes}`, likes })),
        });
        const docs: Msg[] = await b.t.query(api.messages.byChannel, { channel });
        const ids = docs.map((d) => d._id);
        for (const id of ids) expect(await b.t.query(api.semantics.byId, { id, op: "eq" })).toEqual([id]);
        const all: string[] = await b.t.query(api.semantics.byId, { id: ids[0], op: "all" });
        const mine = all.filter((id) => ids.includes(id));
        expect([...mine].sort()).toEqual([...ids].sort());
        // Ids of one table are ordered by by_id; a deployment orders them by the id's bytes, which the strings' order follows.
        expect(mine).toEqual([...mine].sort());
        expect(await b.t.query(api.semantics.byId, { id: ids[0], op: "all", order: "desc" })).toEqual([...all].reverse());
        const pivot = mine[1];
        const pick = async (op: string) =>
          ((await b.t.query(api.semantics.byId, { id: pivot, op })) as string[]).filter((id) => ids.includes(id));
        expect(await pick("gt")).toEqual(mine.slice(2));
        expect(await pick("gte")).toEqual(mine.slice(1));
        expect(await pick("lt")).toEqual(mine.slice(0, 1));
        expect(await pick("lte")).toEqual(mine.slice(0, 2));
        await b.t.mutation(api.messages.remove, { id: pivot });
        expect(await b.t.query(api.semantics.byId, { id: pivot, op: "eq" })).toEqual([]);
      });

      it("by_id paginates: pages continue where the cursor stopped", async () => {
        const channel = uid("c");
        await b.t.mutation(api.messages.sendMany, {
          items: Array.from({ length: 7 }, (_, i) => ({ channel, author: "a", body: `p${i}`, likes: i })),
        });
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 20; i++) {
          const r: { ids: string[]; isDone: boolean; continueCursor: string } = await b.t.query(api.semantics.byIdPage, {
            numItems: 3,
            cursor,
            channel,
          });
          seen.push(...r.ids);
          if (r.isDone) break;
          cursor = r.continueCursor;
        }
        expect(seen).toHaveLength(7);
        expect(seen).toEqual([...seen].sort());
      });
    });

    describe("pagination read limits", () => {
      const b = backend();
      type Page = { bodies: string[]; isDone: boolean; continueCursor: string; splitCursor: string | null; pageStatus: string | null };

      it("maximumRowsRead stops the page early with SplitRequired and a split cursor in the middle of what was read", async () => {
        const channel = uid("c");
        await b.t.mutation(api.messages.sendMany, {
          items: Array.from({ length: 10 }, (_, i) => ({ channel, author: "a", body: `r${i}`, likes: i })),
        });
        const first: Page = await b.t.query(api.semantics.limitedPage, { channel, numItems: 8, cursor: null, maximumRowsRead: 4 });
        expect(first).toMatchObject({ bodies: ["r0", "r1", "r2", "r3"], isDone: false, pageStatus: "SplitRequired" });
        expect(typeof first.splitCursor).toBe("string");
        // The split cursor cuts the page in two: the first half ends there (inclusive).
        expect(await b.t.query(api.semantics.pageBetween, { channel, cursor: null, endCursor: first.splitCursor! })).toEqual(["r0", "r1"]);
        const rest: Page = await b.t.query(api.semantics.limitedPage, { channel, numItems: 8, cursor: first.continueCursor });
        expect(rest.bodies).toEqual(["r4", "r5", "r6", "r7", "r8", "r9"]);
        expect(rest.pageStatus).toBeNull();
      });

      it("rows filtered out count as read; maximumBytesRead stops the page too", async () => {
        const channel = uid("c");
        await b.t.mutation(api.messages.sendMany, {
          items: Array.from({ length: 6 }, (_, i) => ({ channel, author: "a", body: `f${i}`, likes: i })),
        });
        const filtered: Page = await b.t.query(api.semantics.limitedPage, {
          channel,
          numItems: 5,
          cursor: null,
          minLikes: 4,
          maximumRowsRead: 3,
        });
        expect(filtered).toMatchObject({ bodies: [], isDone: false, pageStatus: "SplitRequired" });
        const next: Page = await b.t.query(api.semantics.limitedPage, {
          channel,
          numItems: 5,
          cursor: filtered.continueCursor,
          minLikes: 4,
        });
        expect(next.bodies).toEqual(["f4", "f5"]);
        const bytes: Page = await b.t.query(api.semantics.limitedPage, { channel, numItems: 5, cursor: null, maximumBytesRead: 1 });
        expect(bytes).toMatchObject({ bodies: ["f0"], isDone: false, pageStatus: "SplitRequired", splitCursor: null });
      });
    });

    describe("transaction metrics", () => {
      const b = backend();

      it("bytes read and written are Convex document sizes (getConvexSize), not JSON text length", async () => {
        const channel = uid("c");
        await b.t.mutation(api.messages.sendMany, {
          items: ["é ü", "漢字 text", "emoji 😀"].map((body, i) => ({ channel, author: "a", body, likes: i, tags: ["x"] })),
        });
        const r = await b.t.mutation(api.semantics.metrics, { channel, label: uid("m") });
        const size = (docs: Value[]) => docs.reduce((n: number, d) => n + getConvexSize(d), 0);
        expect(r.afterRead).toEqual({ bytesRead: size(r.read), documentsRead: 3, bytesWritten: 0, documentsWritten: 0 });
        expect(r.afterWrite.documentsWritten).toBe(1);
        expect(r.afterWrite.bytesWritten).toBe(getConvexSize(r.written));
      });

      it("the writes of a nested mutation that failed are rolled back and not counted", async () => {
        const label = uid("rolled");
        const r = await b.t.mutation(api.semantics.metricsAfterFailedChild, { label });
        expect(r.after.documentsWritten).toBe(r.before.documentsWritten);
        expect(r.after.bytesWritten).toBe(r.before.bytesWritten);
        expect(await b.t.query(api.scheduling.events, { label })).toBe(0);
      });
    });

    describe("nested call options", () => {
      const b = backend();

      it("useStaleSnapshot reads the committed state the mutation started from, not its own writes", async () => {
        const label = uid("stale");
        expect(await b.t.mutation(api.semantics.nestedOptions, { label, option: "stale" })).toBe(0);
        expect(await b.t.query(api.scheduling.events, { label })).toBe(1);
      });

      // convex-test enforces nested transactionLimits; convex-local refuses them rather than ignore them.
      it.runIf(only("convex-local"))(
        "nested transactionLimits are refused with a clear error, never ignored (convex-local only)",
        async () => {
          const label = uid("limits");
          const err = await failure(b.t.mutation(api.semantics.nestedOptions, { label, option: "limits" }));
          expect(err.message).toMatch(/transactionLimits.*not supported by convex-local/);
          expect(await b.t.query(api.scheduling.events, { label })).toBe(0);
        },
      );
    });

    describe("the test handle", () => {
      const b = backend();
      /* eslint-disable @typescript-eslint/no-explicit-any -- inline functions get convex-test's untyped ctx */

      it("one withIdentity handle is one user: reference calls and inline calls see the same generated subject", async () => {
        const me = b.t.withIdentity({ name: "No Subject" });
        const viaRef = await me.query(api.identity.whoami, {});
        const inlineQuery = await me.query(async (ctx: any) => (await ctx.auth.getUserIdentity())?.subject);
        const inlineMutation = await me.mutation(async (ctx: any) => (await ctx.auth.getUserIdentity())?.subject);
        const inlineRun = await me.run(async (ctx: any) => (await ctx.auth.getUserIdentity())?.subject);
        const viaAction = await me.action(api.conformance.whoamiViaAction, {});
        expect(typeof viaRef.subject).toBe("string");
        expect([inlineQuery, inlineMutation, inlineRun, viaAction.direct]).toEqual([
          viaRef.subject,
          viaRef.subject,
          viaRef.subject,
          viaRef.subject,
        ]);
        expect(await me.query(api.identity.whoami, {})).toEqual(viaRef);
      });

      it("inline t.query, t.mutation, t.action and t.run run as the handle does", async () => {
        const label = uid("inline");
        await b.t.mutation(async (ctx: any) => ctx.db.insert("events", { label, at: 1 }));
        expect(
          await b.t.query(
            async (ctx: any) =>
              (
                await ctx.db
                  .query("events")
                  .withIndex("by_label", (q: any) => q.eq("label", label))
                  .collect()
              ).length,
          ),
        ).toBe(1);
        expect(
          await b.t.run(
            async (ctx: any) =>
              (
                await ctx.db
                  .query("events")
                  .withIndex("by_label", (q: any) => q.eq("label", label))
                  .collect()
              ).length,
          ),
        ).toBe(1);
        const fromAction = await b.t.action(async (ctx: any) => ({
          events: await ctx.runQuery(api.scheduling.events, { label }),
          who: await ctx.auth.getUserIdentity(),
        }));
        expect(fromAction).toEqual({ events: 1, who: null });
      });

      it("an inline function's ConvexError arrives as a ConvexError with its data", async () => {
        for (const call of [
          () =>
            b.t.query(async () => {
              throw new ConvexError({ code: "INLINE_QUERY" });
            }),
          () =>
            b.t.mutation(async () => {
              throw new ConvexError({ code: "INLINE_MUTATION" });
            }),
          () =>
            b.t.run(async () => {
              throw new ConvexError({ code: "INLINE_RUN" });
            }),
          () =>
            b.t.action(async () => {
              throw new ConvexError({ code: "INLINE_ACTION" });
            }),
        ]) {
          const err = await failure(call());
          expect(err).toBeInstanceOf(ConvexError);
          expect(err.data).toEqual({ code: expect.stringMatching(/^INLINE_/) });
        }
      });
      /* eslint-enable @typescript-eslint/no-explicit-any */
    });

    describe("HTTP action metadata", () => {
      const b = backend();

      // The backend names an HTTP action by its matched route (common::types::HttpActionRoute, "{method} {path}",
      // the route's path from router.lookup: "/meta/*" for a pathPrefix route), never by the requested URL;
      // convex-test reports the module path "http" for every route.
      it("getFunctionMetadata names the matched route, in the app's component, as a public action", async () => {
        const exact = await (await b.t.fetch("/meta", { method: "GET" })).json();
        const prefixed = await (await b.t.fetch("/meta/some/deep/path?x=1", { method: "POST" })).json();
        for (const m of [exact, prefixed]) expect(m).toMatchObject({ componentPath: "", type: "action", visibility: "public" });
        expect(exact.name).toBe(only("convex-local") ? "GET /meta" : "http");
        expect(prefixed.name).toBe(only("convex-local") ? "POST /meta/*" : "http");
      });
    });

    describe("malformed argument encodings", () => {
      const b = backend();

      // convex-test takes values, not wire JSON: the encodings only exist on the HTTP and sync APIs.
      it.runIf(only("convex-local"))(
        "the HTTP API answers 400 with the backend's reason, signed in or not (convex-local only)",
        async () => {
          for (const [args, reason] of MALFORMED_ARGS) {
            for (const route of ["query", "mutation", "function"]) {
              const path = route === "query" ? "messages:byChannel" : "messages:send";
              for (const authorization of [undefined, `Convex ${b.local!.adminKey}`]) {
                const res = await fetch(`${b.local!.url}/api/${route}`, {
                  method: "POST",
                  headers: { "Content-Type": "application/json", ...(authorization ? { Authorization: authorization } : {}) },
                  body: JSON.stringify({ path, args, format: "json" }),
                });
                expect(res.status, `${route} ${JSON.stringify(args)}`).toBe(400);
                const body = await res.json();
                expect(body.message).toBe(`Invalid arguments for messages.js:${path.split(":")[1]}: ${reason}`);
              }
            }
          }
          // Nothing was written by any of them, and the server still answers.
          expect(await b.t.query(api.messages.byChannel, { channel: "acme" })).toEqual([]);
        },
      );

      it.runIf(only("convex-local"))(
        "an own __proto__ field is an extra field like any other, never silently dropped (convex-local only)",
        async () => {
          // JSON.stringify would drop it too: the body is written by hand, as a hostile client would.
          for (const route of ["query", "mutation"]) {
            const path = route === "query" ? "messages:byChannel" : "messages:send";
            const args =
              route === "query"
                ? '{"channel":"acme","__proto__":{"polluted":true}}'
                : '{"channel":"acme","author":"a","body":"x","likes":0,"__proto__":{"polluted":true}}';
            const res = await fetch(`${b.local!.url}/api/${route}`, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: `{"path":"${path}","args":${args},"format":"json"}`,
            });
            expect(res.status, route).not.toBe(200);
            expect(JSON.stringify(await res.json()), route).toContain("extra field `__proto__`");
          }
          expect(await b.t.query(api.messages.byChannel, { channel: "acme" })).toEqual([]);
        },
      );

      it.runIf(only("convex-local"))(
        "the sync protocol fails the query or mutation with the reason and keeps the socket (convex-local only)",
        async () => {
          for (const [args, reason] of MALFORMED_ARGS) {
            const q = await syncRequest(
              b.local!.url,
              [
                {
                  type: "ModifyQuerySet",
                  baseVersion: 0,
                  newVersion: 1,
                  modifications: [{ type: "Add", queryId: 0, udfPath: "messages:byChannel", args: [args] }],
                },
              ],
              (m) => m.type === "Transition",
            );
            expect(q.modifications).toEqual([
              expect.objectContaining({
                type: "QueryFailed",
                queryId: 0,
                errorMessage: `Invalid arguments for messages.js:byChannel: ${reason}`,
              }),
            ]);
            const m = await syncRequest(
              b.local!.url,
              [{ type: "Mutation", requestId: 0, udfPath: "messages:send", args: [args] }],
              (msg) => msg.type === "MutationResponse",
            );
            expect(m).toMatchObject({ success: false, result: `Invalid arguments for messages.js:send: ${reason}` });
          }
        },
      );
    });
  });
}
