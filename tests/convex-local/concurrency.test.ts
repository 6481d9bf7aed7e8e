/**
 * Concurrency: mutations from many independent clients behave as if run one
 * at a time. 50 clients (half over the WebSocket sync protocol with
 * ConvexClient, half over HTTP with ConvexHttpClient) race to take a slot
 * under a "max 10" rule that the mutation checks itself: exactly 10 win.
 */
import fs from "node:fs";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { ConvexError } from "convex/values";
import type { ConvexLocalHandle } from "../../lib/local/convex/index";
import { scratchDir, startOn } from "./support/server";

const api = anyApi;
const CLIENTS = 50;

type Caller = {
  kind: "ws" | "http";
  mutation(ref: unknown, args: unknown): Promise<unknown>;
  query(ref: unknown, args: unknown): Promise<unknown>;
  close(): Promise<void> | void;
};

function makeClients(url: string): Caller[] {
  return Array.from({ length: CLIENTS }, (_, i) => {
    if (i % 2 === 0) {
      const c = new ConvexClient(url, {
        webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
        logger: false,
        unsavedChangesWarning: false,
      });
      return {
        kind: "ws" as const,
        mutation: (r, a) => c.mutation(r as never, a as never),
        query: (r, a) => c.query(r as never, a as never),
        close: () => c.close(),
      };
    }
    const c = new ConvexHttpClient(url, { logger: false });
    return {
      kind: "http" as const,
      mutation: (r, a) => c.mutation(r as never, a as never),
      query: (r, a) => c.query(r as never, a as never),
      close: () => {},
    };
  });
}

describe("50 clients racing a 'max 10' rule", () => {
  let t: ConvexLocalHandle;
  let dataDir: string;
  let clients: Caller[];

  beforeAll(async () => {
    dataDir = scratchDir("concurrency");
    t = await startOn(dataDir);
    clients = makeClients(t.url);
    // Every client is connected and warm before the race starts.
    await Promise.all(clients.map((c) => c.query(api.counters.slotCount, {})));
  });
  afterAll(async () => {
    await Promise.all(clients?.map((c) => c.close()) ?? []);
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("exactly 10 succeed, 40 fail with QUOTA_EXCEEDED, and 10 slots exist", async () => {
    let go!: () => void;
    const start = new Promise<void>((r) => (go = r));
    const outcomes = clients.map(async (c, i) => {
      await start;
      try {
        return { kind: c.kind, ok: true as const, id: (await c.mutation(api.counters.takeSlot, { owner: `client-${i}` })) as string };
      } catch (e) {
        return { kind: c.kind, ok: false as const, error: e };
      }
    });
    go();
    const results = await Promise.all(outcomes);

    const wins = results.filter((r) => r.ok);
    const losses = results.filter((r) => !r.ok);
    expect(wins).toHaveLength(10);
    expect(losses).toHaveLength(40);
    expect(new Set(wins.map((w) => w.id)).size).toBe(10);
    for (const l of losses) {
      expect(l.error).toBeInstanceOf(ConvexError);
      expect((l.error as ConvexError<{ code: string }>).data).toMatchObject({ code: "QUOTA_EXCEEDED" });
    }
    // Both protocols took part in the race.
    expect(new Set(results.map((r) => r.kind))).toEqual(new Set(["ws", "http"]));

    expect(await t.query(api.counters.slotCount, {})).toBe(10);
    const owners = await t.run(async (ctx) => (await ctx.db.query("slots").collect()).map((s: { owner: string }) => s.owner));
    expect(owners.sort()).toEqual(wins.map((w) => `client-${results.indexOf(w)}`).sort());
    // Every client, whatever its protocol, now reads the same committed state.
    const counts = await Promise.all(clients.map((c) => c.query(api.counters.slotCount, {})));
    expect(new Set(counts)).toEqual(new Set([10]));
  });

  it("no lost updates: 50 clients × 10 read-modify-write increments of one counter give 500", async () => {
    await Promise.all(
      clients.map(async (c) => {
        for (let i = 0; i < 10; i++) await c.mutation(api.counters.increment, { name: "shared" });
      }),
    );
    expect(await t.query(api.counters.get, { name: "shared" })).toBe(CLIENTS * 10);
    // And it is one row, not several created by racing first inserts.
    expect(
      await t.run(async (ctx) => (await ctx.db.query("counters").collect()).filter((r: { name: string }) => r.name === "shared").length),
    ).toBe(1);
  });

  it("a mutation that throws after writing leaves nothing behind, even mid-race", async () => {
    const before = await t.run(async (ctx) => (await ctx.db.query("messages").collect()).length);
    const results = await Promise.allSettled(
      clients.map((c, i) =>
        i % 5 === 0
          ? c.mutation(api.messages.send, { channel: "race", author: `c${i}`, body: "kept", likes: 0 })
          : c.mutation(api.messages.failsAfterWrite, { channel: "race" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const after = await t.run(async (ctx) => (await ctx.db.query("messages").collect()).map((m: { body: string }) => m.body));
    expect(after.length - before).toBe(10);
    expect(after.filter((b: string) => b === "doomed")).toEqual([]);
  });
});
