/**
 * Reactivity and auth over Convex's WebSocket sync protocol, with the real
 * `ConvexClient` from convex/browser talking to convex-local.
 *
 * - A mutation from client A reaches client B's subscription as a new value.
 * - Subscriptions whose reads a commit did not touch (another table, or
 *   another range of the same index) are neither re-run nor re-sent: checked
 *   both on B's callbacks and on the Transition frames B received.
 * - User JWTs are verified like a deployment does (OIDC discovery + JWKS,
 *   RS256, issuer/audience/expiry). A bad token gives AuthError, and the query
 *   is never answered as if the caller were anonymous.
 */
import fs from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";
import { sleep, until, wireLog } from "./support/wire";
import { APP, callRecorder, FIXTURES, scratchDir } from "./support/server";
import { startTestIssuer, type TestIssuer } from "./support/oidc";

const api = anyApi;
type Msg = { _id: string; body: string; channel: string; likes: number };

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function client(url: string, webSocketConstructor: typeof globalThis.WebSocket = WebSocket as unknown as typeof globalThis.WebSocket) {
  const c = new ConvexClient(url, { webSocketConstructor, logger: false, unsavedChangesWarning: false });
  cleanup.push(() => c.close());
  return c;
}

describe("reactivity over the sync protocol", () => {
  let t: ConvexLocalHandle;
  const recorder = callRecorder();
  let dataDir: string;

  beforeAll(async () => {
    dataDir = scratchDir("reactivity");
    t = await startConvexLocal({ dataDir, port: 0, functionsDir: APP, log: recorder });
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a mutation from client A updates client B's query; untouched queries are not re-run or re-sent", async () => {
    const wire = wireLog();
    const a = client(t.url);
    const b = client(t.url, wire.WebSocket);

    const room: Msg[][] = [];
    const other: Msg[][] = [];
    const counter: number[] = [];
    b.onUpdate(api.messages.byChannel, { channel: "room" }, (v: Msg[]) => room.push(v));
    b.onUpdate(api.messages.byChannel, { channel: "other" }, (v: Msg[]) => other.push(v)); // same table and index, another range
    b.onUpdate(api.counters.get, { name: "untouched" }, (v: number) => counter.push(v)); // another table
    await until(() => room.length && other.length && counter.length, "B's first results");
    expect(room).toEqual([[]]);
    expect(other).toEqual([[]]);
    expect(counter).toEqual([0]);

    const queryIds = new Map([...wire.queries()].map(([id, q]) => [JSON.stringify([q.udfPath, q.args]), id]));
    const idOf = (udfPath: string, args: unknown) => queryIds.get(JSON.stringify([udfPath, args]))!;
    const roomId = idOf("messages:byChannel", { channel: "room" });
    const otherId = idOf("messages:byChannel", { channel: "other" });
    const counterId = idOf("counters:get", { name: "untouched" });
    expect([roomId, otherId, counterId].every((id) => typeof id === "number")).toBe(true);
    const runs = (p: string) => recorder.calls.filter((c) => c.kind === "query" && c.path === p).length;
    const [byChannelRunsBefore, counterRunsBefore] = [runs("messages:byChannel"), runs("counters:get")];

    // Insert: B sees A's message.
    const first = await a.mutation(api.messages.send, { channel: "room", author: "ann", body: "hello", likes: 0 });
    await until(() => room.at(-1)?.length === 1, "B's update after A's insert");
    expect(room.at(-1)![0]).toMatchObject({ _id: first, body: "hello", channel: "room", likes: 0 });

    // Patch and replace of a document B reads.
    await a.mutation(api.messages.like, { id: first });
    await until(() => room.at(-1)?.[0].likes === 1, "B's update after A's patch");
    await a.mutation(api.messages.rewrite, { id: first, body: "edited" });
    await until(() => room.at(-1)?.[0].body === "edited", "B's update after A's replace");

    // Writes next to B's ranges in key order (channel "othe" and "otherz" sort
    // just before and after "other") and in a table nobody subscribed to.
    await a.mutation(api.messages.send, { channel: "othe", author: "ann", body: "near miss", likes: 0 });
    await a.mutation(api.messages.send, { channel: "otherz", author: "ann", body: "near miss", likes: 0 });
    await a.mutation(api.counters.increment, { name: "someone-else" });

    // Delete: B sees the message go.
    await a.mutation(api.messages.remove, { id: first });
    await until(() => room.at(-1)?.length === 0, "B's update after A's delete");

    // A round trip on B's own connection: everything the server sent for the
    // commits above has arrived by the time it answers.
    expect(await b.query(api.counters.get, { name: "someone-else" })).toBe(1);
    await sleep(50);

    expect(room.map((r) => r.map((m) => `${m.body}:${m.likes}`))).toEqual([[], ["hello:0"], ["hello:1"], ["edited:0"], []]);
    expect(other).toHaveLength(1);
    expect(counter).toHaveLength(1);

    // On the wire: the untouched queries got exactly one modification (their
    // first result), the room query one per change.
    expect(wire.modificationsFor(otherId).map((m) => m.type)).toEqual(["QueryUpdated"]);
    expect(wire.modificationsFor(counterId).map((m) => m.type)).toEqual(["QueryUpdated"]);
    expect(wire.modificationsFor(roomId).map((m) => m.type)).toEqual(Array(5).fill("QueryUpdated"));
    // And on the server: 4 commits touched "room" → 4 re-runs of that query;
    // "other" and counters:get were not re-run at all.
    expect(runs("messages:byChannel") - byChannelRunsBefore).toBe(4);
    expect(runs("counters:get") - counterRunsBefore).toBe(1); // only B's one-shot query above
  });

  it("bulk commits (thousands of written keys) update exactly the subscriptions whose ranges they touch", async () => {
    const wire = wireLog();
    const a = client(t.url);
    const b = client(t.url, wire.WebSocket);
    const counts = new Map<number, number[]>();
    for (const group of [7, 8, 9])
      b.onUpdate(api.limits.readAll, { group }, (n: number) => counts.set(group, [...(counts.get(group) ?? []), n]));
    await until(() => counts.size === 3, "first results");
    await a.mutation(api.limits.fill, { group: 7, from: 0, count: 2000, size: 10 }); // 2,000 docs, ~6,000 index keys
    await a.mutation(api.limits.fill, { group: 9, from: 0, count: 1500, size: 10 });
    await a.mutation(api.limits.fill, { group: 10, from: 0, count: 1500, size: 10 }); // just past group 9's range
    await until(() => counts.get(7)!.at(-1) === 2000 && counts.get(9)!.at(-1) === 1500, "bulk updates");
    expect(await b.query(api.counters.get, { name: "barrier" })).toBe(0);
    await sleep(50);
    expect(counts.get(7)).toEqual([0, 2000]);
    expect(counts.get(8)).toEqual([0]);
    expect(counts.get(9)).toEqual([0, 1500]);
  });

  it("a subscriber sees every committed value of a counter (no lost or stale final state)", async () => {
    const a = client(t.url);
    const b = client(t.url);
    const seen: number[] = [];
    b.onUpdate(api.counters.get, { name: "hits" }, (v: number) => seen.push(v));
    await until(() => seen.length, "first value");
    await Promise.all(Array.from({ length: 25 }, () => a.mutation(api.counters.increment, { name: "hits" })));
    await until(() => seen.at(-1) === 25, "final value 25");
    // Values only ever go up (a transition never carries an older snapshot).
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });

  it("one-shot queries: a removal is acknowledged on the next answer, or on its own shortly after", async () => {
    const wire = wireLog();
    const c = client(t.url, wire.WebSocket);
    for (let i = 0; i < 5; i++) expect(await c.query(api.counters.get, { name: `one-shot-${i}` })).toBe(0);
    const ids = [...wire.queries().keys()];
    expect(ids).toHaveLength(5);
    // The last removal has no answer to ride on: it still reaches the client.
    const removed = (id: number) => (m: { queryId: number; type: string }) => m.queryId === id && m.type === "QueryRemoved";
    await until(
      () => wire.received("Transition").some((f) => f.msg.modifications.some(removed(ids[4]))),
      "the last removal's acknowledgement",
    );
    const transitions = wire.received("Transition").map((f) => f.msg);
    for (const [i, id] of ids.entries()) {
      expect(
        transitions.filter((t) =>
          t.modifications.some((m: { queryId: number; type: string }) => m.queryId === id && m.type === "QueryUpdated"),
        ),
      ).toHaveLength(1);
      expect(transitions.filter((t) => t.modifications.some(removed(id)))).toHaveLength(1);
      // Query i's removal travels with query i+1's first value (the last one alone).
      const removedIn = transitions.findIndex((t) => t.modifications.some(removed(id)));
      if (i < ids.length - 1)
        expect(transitions[removedIn].modifications.map((m: { type: string }) => m.type)).toEqual(["QueryRemoved", "QueryUpdated"]);
    }
    // Versions stay contiguous: each Transition starts where the previous one ended.
    for (let i = 1; i < transitions.length; i++) expect(transitions[i].startVersion).toEqual(transitions[i - 1].endVersion);
    // The client is still in sync: a live subscription keeps working.
    const seen: number[] = [];
    c.onUpdate(api.counters.get, { name: "one-shot-0" }, (v: number) => seen.push(v));
    await c.mutation(api.counters.increment, { name: "one-shot-0" });
    await until(() => seen.at(-1) === 1, "the live subscription's new value");
  });

  it("a mutation resolves only once the client's subscriptions show it, while query set changes race the commits", async () => {
    const c = client(t.url);
    let seen = -1;
    c.onUpdate(api.counters.get, { name: "ordered" }, (v: number) => (seen = v));
    await until(() => seen === 0, "the first value");
    // One-shot queries keep query set changes queued on the session while commits land.
    let stop = false;
    const churn = (async () => {
      for (let i = 0; !stop; i++) await c.query(api.counters.get, { name: `churn-${i % 7}` });
    })();
    const stale: number[] = [];
    for (let i = 1; i <= 60; i++) {
      await c.mutation(api.counters.increment, { name: "ordered" });
      if (seen !== i) stale.push(i);
    }
    stop = true;
    await churn;
    expect(stale).toEqual([]);
  });

  it("a query that fails is reported to the subscriber through onError", async () => {
    const b = client(t.url);
    const error = await new Promise<Error>((resolve) => b.onUpdate(api.messages.badReturn, {}, () => {}, resolve));
    expect(error.message).toMatch(/ReturnsValidationError|Server Error/);
  });
});

describe("auth over the sync protocol and HTTP (OIDC discovery, JWKS, RS256)", () => {
  let t: ConvexLocalHandle;
  let issuer: TestIssuer;
  let dataDir: string;
  const functionsDir = path.join(FIXTURES, "auth");

  beforeAll(async () => {
    issuer = await startTestIssuer("tenantry-test");
    dataDir = scratchDir("auth");
    t = await startConvexLocal({
      dataDir,
      port: 0,
      functionsDir,
      env: { TEST_OIDC_ISSUER: issuer.issuer, TEST_OIDC_AUDIENCE: issuer.audience },
    });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("a valid token: whoami returns the identity, and is never answered anonymously first", async () => {
    const token = await issuer.sign({ sub: "user-1", email: "ann@example.com" });
    const wire = wireLog();
    const c = client(t.url, wire.WebSocket);
    const auth: boolean[] = [];
    c.setAuth(
      async () => token,
      (ok) => auth.push(ok),
    );
    const seen: unknown[] = [];
    c.onUpdate(api.identity.whoami, {}, (v) => seen.push(v));
    await until(() => seen.length && auth.length, "identity and auth confirmation");
    expect(auth).toEqual([true]);
    expect(seen[0]).toEqual({
      subject: "user-1",
      issuer: issuer.issuer,
      tokenIdentifier: `${issuer.issuer}|user-1`,
      email: "ann@example.com",
    });
    expect(seen).not.toContain(null);
    expect(wire.received("AuthError")).toEqual([]);
    expect(issuer.hits.discovery).toBeGreaterThanOrEqual(1);
    expect(issuer.hits.jwks).toBeGreaterThanOrEqual(1);

    // The same token over HTTP.
    const http = new ConvexHttpClient(t.url, { logger: false });
    http.setAuth(token);
    expect(await http.query(api.identity.whoami, {})).toMatchObject({ subject: "user-1" });
  });

  const badTokens: [string, () => Promise<string>][] = [
    ["expired", () => issuer.sign({ sub: "user-2" }, { expiresInSeconds: -120 })],
    ["garbage", async () => "definitely-not.a.jwt"],
    ["signed by another key", () => issuer.forge({ sub: "user-3" })],
    ["for another audience", () => issuer.sign({ sub: "user-4" }, { audience: "someone-else" })],
  ];

  it.each(badTokens)("a %s token: AuthError, onAuthChange(false), never an anonymous answer", async (_label, make) => {
    const token = await make();
    const wire = wireLog();
    const c = client(t.url, wire.WebSocket);
    const events: { kind: "auth" | "value"; value: unknown }[] = [];
    c.setAuth(
      async () => token,
      (ok) => events.push({ kind: "auth", value: ok }),
    );
    c.onUpdate(api.identity.whoami, {}, (v) => events.push({ kind: "value", value: v }));
    await until(() => events.some((e) => e.kind === "auth"), "onAuthChange");
    await sleep(300); // let the client reconnect without the token and settle

    // The server refused the token...
    const authErrors = wire.received("AuthError");
    expect(authErrors.length).toBeGreaterThanOrEqual(1);
    expect(authErrors[0].msg.error).toMatch(/auth|token|JWT|jwt|expired|signature|audience/i);
    // ...the client was told (and only told it failed)...
    expect(events.filter((e) => e.kind === "auth").map((e) => e.value)).toEqual([false]);
    // ...and no value reached the app before that: the query was not answered
    // while the bad token was in force.
    const authAt = events.findIndex((e) => e.kind === "auth");
    expect(events.slice(0, authAt)).toEqual([]);
    // On the wire: a socket that sent the bad token never got a whoami result.
    const whoamiId = [...wire.queries()].find(([, q]) => q.udfPath === "identity:whoami")![0];
    const badSockets = new Set(
      wire.frames.filter((f) => f.dir === "out" && f.msg.type === "Authenticate" && f.msg.tokenType === "User").map((f) => f.socket),
    );
    expect(badSockets.size).toBeGreaterThanOrEqual(1);
    const answeredOnBadSocket = wire.modificationsFor(whoamiId).filter((m) => badSockets.has(m.socket));
    expect(answeredOnBadSocket).toEqual([]);
  });

  it.each(badTokens)("ConvexHttpClient with a %s token: the request is rejected with 401, not run anonymously", async (_label, make) => {
    const statuses: number[] = [];
    const http = new ConvexHttpClient(t.url, {
      logger: false,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
    });
    http.setAuth(await make());
    await expect(http.query(api.identity.whoami, {})).rejects.toThrow(/Unauthenticated|auth|token|JWT/i);
    expect(statuses).toEqual([401]);
  });

  it("a mutation sent right after a valid token runs as that user (the token is verified first)", async () => {
    const token = await issuer.sign({ sub: "user-5" });
    const c = client(t.url);
    c.setAuth(async () => token);
    expect(await c.mutation(api.identity.note, { text: "as user-5" })).toBe("user-5");
  });

  it("a mutation sent right after a bad token is not run on that connection", async () => {
    const token = await issuer.sign({ sub: "user-6" }, { expiresInSeconds: -120 });
    const wire = wireLog();
    const c = client(t.url, wire.WebSocket);
    let failed = false;
    c.setAuth(
      async () => token,
      (ok) => (failed = !ok),
    );
    const result = c.mutation(api.identity.note, { text: "after a bad token" }).catch((e: Error) => e);
    await until(() => failed, "onAuthChange(false)");
    const badSockets = new Set(wire.frames.filter((f) => f.dir === "out" && f.msg.tokenType === "User").map((f) => f.socket));
    const sentOnBad = wire.frames.filter((f) => f.dir === "out" && f.msg.type === "Mutation" && badSockets.has(f.socket));
    expect(sentOnBad.length).toBeGreaterThanOrEqual(1); // the client did send it with the bad token...
    const answeredOnBad = wire.frames.filter((f) => f.dir === "in" && f.msg.type === "MutationResponse" && badSockets.has(f.socket));
    expect(answeredOnBad).toEqual([]); // ...and the server did not run it.
    // Once the client has dropped the token it retries anonymously: its choice, visible to it.
    expect(await result).toBeNull();
    const http = new ConvexHttpClient(t.url, { logger: false });
    expect((await http.query(api.identity.notes, {})).filter((n: { text: string }) => n.text === "after a bad token")).toEqual([
      { text: "after a bad token", by: null },
    ]);
  });

  it("no token at all is anonymous (the baseline the bad-token cases must not fall back to)", async () => {
    const http = new ConvexHttpClient(t.url, { logger: false });
    expect(await http.query(api.identity.whoami, {})).toBeNull();
  });
});
