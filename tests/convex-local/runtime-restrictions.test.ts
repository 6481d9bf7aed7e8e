/**
 * Queries and mutations run with the restrictions of Convex's default
 * runtime (issue 14): no fetch or timers (the backend's error), Date.now()
 * fixed at the call's start, Math.random seeded per call; actions are free.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const MODULE = `import { query, mutation, action } from "./_generated/server";
const spin = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end); };
export const clock = query({ args: {}, handler: async () => { const a = Date.now(); spin(15); const b = new Date().getTime(); spin(15); return [a, b, Date.now(), Math.random(), Math.random(), Math.floor(3.7)]; } });
export const tryFetch = query({ args: {}, handler: async () => { try { await fetch("http://127.0.0.1:9/"); return "fetched"; } catch (e) { return (e as Error).message; } } });
export const tryTimer = mutation({ args: {}, handler: async () => { try { setTimeout(() => {}, 1); return "scheduled"; } catch (e) { return (e as Error).message; } } });
export const tryInterval = query({ args: {}, handler: async () => { try { setInterval(() => {}, 1000); return "scheduled"; } catch (e) { return (e as Error).message; } } });
export const free = action({ args: {}, handler: async () => { const a = Date.now(); await new Promise((r) => setTimeout(r, 20)); return Date.now() - a; } });
export const callFetch = action({ args: {}, handler: async () => (await fetch("http://convex-local.invalid/")).status });
export const waitForClock = mutation({ args: {}, handler: async () => { const end = Date.now() + 50; while (Date.now() < end) { /* the clock never moves */ } return "done"; } });
export const when = query({ args: { at: v.number() }, handler: async (_ctx, { at }) => [new Date(at).toISOString(), new Date() instanceof Date, new Date(0) instanceof Date, typeof Date(), Date.UTC(1970, 0, 1)] });
import { v } from "convex/values";
`;

let root: string;
let t: ConvexLocalHandle;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "runtime-restrictions-"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  fs.mkdirSync(path.join(root, "convex", "_generated"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "convex", "_generated", "server.js"),
    `export { queryGeneric as query, mutationGeneric as mutation, actionGeneric as action } from "convex/server";\n`,
  );
  fs.writeFileSync(path.join(root, "convex", "restricted.ts"), MODULE);
  t = await startConvexLocal({ dataDir: path.join(root, "data"), port: 0, functionsDir: path.join(root, "convex") });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const ref = (name: string) => makeFunctionReference<"query">(`restricted:${name}`);
const REFUSAL =
  "in queries and mutations. Please consider using an action. See https://docs.convex.dev/functions/actions for more details.";

describe("Convex's default runtime in queries and mutations", () => {
  it("Date.now() and new Date() give the call's start time throughout; Math.random is seeded per call", async () => {
    const [a, b, c, r1, r2, floor] = (await t.query(ref("clock"))) as number[];
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(r1).toBeGreaterThanOrEqual(0);
    expect(r1).toBeLessThan(1);
    expect(r2).not.toBe(r1);
    expect(floor).toBe(3);
    const [later] = (await t.query(ref("clock"))) as number[];
    expect(later).toBeGreaterThan(a);
  });

  it("fetch, setTimeout and setInterval fail with the backend's error", async () => {
    expect(await t.query(ref("tryFetch"))).toBe(`Can't use fetch() ${REFUSAL}`);
    expect(await t.mutation(makeFunctionReference<"mutation">("restricted:tryTimer"))).toBe(`Can't use setTimeout ${REFUSAL}`);
    expect(await t.query(ref("tryInterval"))).toBe(`Can't use setInterval ${REFUSAL}`);
  });

  it("a loop waiting for Date.now() to move stops at the execution limit with the timeout error, as a deployment stops it", async () => {
    const started = performance.now();
    await expect(t.mutation(makeFunctionReference<"mutation">("restricted:waitForClock"))).rejects.toThrow(
      "Function execution timed out (maximum duration: 1s)",
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("actions keep real timers and a moving clock; new Date(x) is untouched", async () => {
    expect(await t.action(makeFunctionReference<"action">("restricted:free"))).toBeGreaterThanOrEqual(15);
    // An action's fetch is the global of the moment, so a test may stub it.
    const real = globalThis.fetch;
    vi.stubGlobal("fetch", async (url: string | URL | Request, init?: RequestInit) =>
      String(url).startsWith("http://convex-local.invalid") ? new Response(null, { status: 204 }) : real(url, init),
    );
    try {
      expect(await t.action(makeFunctionReference<"action">("restricted:callFetch"))).toBe(204);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await t.query(ref("when"), { at: 0 })).toEqual(["1970-01-01T00:00:00.000Z", true, true, "string", 0]);
  });
});
