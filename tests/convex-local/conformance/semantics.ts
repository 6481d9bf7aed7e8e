/**
 * Conformance cases for the places where convex-local used to differ from a
 * deployment (issue 14, "Behave as Convex behaves"): malformed argument
 * encodings, index range bounds, the by_id index, pagination read limits,
 * transaction metrics, nested transaction options, function metadata. Same
 * rules as cases.ts: one assertion for both sides, `only(...)` with a reason
 * where convex-test cannot follow a deployment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { api } from "../fixtures/app/_generated/api";
import type { ConformanceTarget, Side } from "./cases";

/** The three encodings from issue 12 and the backend's reason for each (crates/value/src/json). */
export const MALFORMED_ARGS: [args: Record<string, unknown>, reason: string][] = [
  [{ channel: "acme", $x: 1 }, "Field name $x starts with '$', which is reserved."],
  [{ channel: { $bigint: "AA==" } }, "Field name $bigint starts with '$', which is reserved."],
  [{ channel: { $integer: "zzzz" } }, "Int64 must be exactly eight bytes"],
];

/** Sends one sync-protocol request on a fresh socket and returns the server's answer to it. */
async function syncRequest(url: string, messages: object[], wanted: (msg: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
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

  function backend() {
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

  describe(`conformance (issue 14): ${name}`, () => {
    describe("malformed argument encodings", () => {
      const b = backend();

      // convex-test takes values, not wire JSON: the encodings only exist on the HTTP and sync APIs.
      it.runIf(only("convex-local"))("the HTTP API answers 400 with the backend's reason, signed in or not (convex-local only)", async () => {
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
      });

      it.runIf(only("convex-local"))("the sync protocol fails the query or mutation with the reason and keeps the socket (convex-local only)", async () => {
        for (const [args, reason] of MALFORMED_ARGS) {
          const q = await syncRequest(
            b.local!.url,
            [{ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "messages:byChannel", args: [args] }] }],
            (m) => m.type === "Transition",
          );
          expect(q.modifications).toEqual([expect.objectContaining({ type: "QueryFailed", queryId: 0, errorMessage: `Invalid arguments for messages.js:byChannel: ${reason}` })]);
          const m = await syncRequest(b.local!.url, [{ type: "Mutation", requestId: 0, udfPath: "messages:send", args: [args] }], (msg) => msg.type === "MutationResponse");
          expect(m).toMatchObject({ success: false, result: `Invalid arguments for messages.js:send: ${reason}` });
        }
      });
    });
  });
}
