/**
 * Conformance cases for Convex components (issue 15), on the fixture app tests/convex-local/fixtures/components:
 * the published @convex-dev packages as installed from npm (rate-limiter, aggregate, migrations, workpool) and a
 * small local component, `probe`, that exposes what a component sees of its caller (transactions, errors,
 * validation, identity, namespaces, scheduler, a nested component). Same rules as cases.ts: one assertion for
 * both sides, `only(...)` with the reason where convex-test cannot follow a deployment.
 */
import { describe, expect, it } from "vitest";
import { ConvexError } from "convex/values";
import { api } from "../fixtures/components/_generated/api";
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

/** Polls `read` until `done` holds (scheduled work running on its own timers, as on a deployment). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() - start > ms) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function defineComponentCases(name: Side, makeT: () => Promise<ConformanceTarget>) {
  const only = (side: Side) => name === side;
  const backend = () => backendPerDescribe(makeT);

  describe(`components (issue 15): ${name}`, () => {
    describe("the boundary (probe component)", () => {
      const b = backend();

      it("a component mutation commits and rolls back with its caller", async () => {
        const text = uid("rollback");
        const err = await failure(b.t.mutation(api.boundary.writeThenThrow, { text }));
        expect(err).toBeInstanceOf(ConvexError);
        expect(err.data).toEqual({ code: "APP_FAILED" });
        expect(await b.t.query(api.boundary.probeNotes, {})).not.toContain(text);
        expect(await b.t.query(api.boundary.appNotes, {})).not.toContain(text);
      });

      it("a caught failure inside a component rolls back only that call", async () => {
        const text = uid("caught");
        expect(await b.t.mutation(api.boundary.catchInner, { text })).toEqual({ code: "PROBE_FAILED", text: `failed:${text}` });
        const inComponent = await b.t.query(api.boundary.probeNotes, {});
        expect(inComponent).toContain(`after:${text}`);
        expect(inComponent).not.toContain(`failed:${text}`);
        expect(await b.t.query(api.boundary.appNotes, {})).toContain(`app:${text}`);
      });

      it("arguments and return values are validated at the boundary", async () => {
        expect((await failure(b.t.mutation(api.boundary.badArgs, {}))).message).toMatch(/ArgumentValidationError|Validator error/);
        expect((await failure(b.t.query(api.boundary.badReturn, {}))).message).toMatch(/ReturnsValidationError|Validator error/);
      });

      it("a component sees no ctx.auth identity; the app does", async () => {
        expect(await b.t.withIdentity({ subject: "user-1" }).query(api.boundary.identities, {})).toEqual({
          app: "user-1",
          component: null,
        });
      });

      // convex-test resolves any path in a registered component, internal or not.
      it.runIf(only("convex-local"))("only a component's public functions are its API (convex-local only)", async () => {
        expect((await failure(b.t.mutation(api.boundary.callInternal, {}))).message).toContain("Could not find public function");
      });

      it("tables are the component's own: the app's ids and table names do not reach into it", async () => {
        // The component cannot read the app's document. On convex-local the id is not one of its ids; convex-test's
        // ids do not carry the component, so the same id string may name a document of the component's own table.
        const read = await b.t.mutation(api.boundary.handAppId, {});
        expect(read).not.toBe("app-owned");
        if (only("convex-local")) expect(read).toBe("not mine");
        await b.t.mutation(api.boundary.scheduleTick, { label: uid("tick") });
        await b.t.finishAllScheduledFunctions(() => {});
        // The probe has a "ticks" table; the app has none of that name.
        expect(await b.t.query(api.boundary.appReadsTicks, {})).toBe(0);
      });

      it("the component's scheduler runs the component's own functions", async () => {
        const label = uid("tick");
        await b.t.mutation(api.boundary.scheduleTick, { label });
        await b.t.finishAllScheduledFunctions(() => {});
        expect(await b.t.query(api.boundary.ticks, {})).toContain(label);
      });

      it("function metadata names the component path, nested components included", async () => {
        const meta = await b.t.query(api.boundary.metadata, {});
        expect(meta.app).toMatchObject({ componentPath: "", type: "query", visibility: "public" });
        expect(meta.component).toMatchObject({ componentPath: "probe" });
        expect(meta.nested).toMatchObject({ componentPath: "probe/inner" });
      });

      it("a nested component has a namespace of its own", async () => {
        const text = uid("deep");
        expect(await b.t.mutation(api.boundary.writeInner, { text })).toContain(text);
        // The inner component's notes are not the probe's notes.
        expect(await b.t.query(api.boundary.probeNotes, {})).not.toContain(text);
      });

      it("from an action, each component call is its own transaction", async () => {
        const text = uid("act");
        expect(await b.t.action(api.boundary.writeFromAction, { text })).toContain(text);
      });
    });

    describe("@convex-dev/rate-limiter", () => {
      const b = backend();

      it("token bucket: capacity, then refusal with retryAfter", async () => {
        const key = uid("k");
        for (let i = 0; i < 3; i++) expect(await b.t.mutation(api.limits.take, { name: "bucket", key })).toEqual({ ok: true });
        const refused = await b.t.mutation(api.limits.take, { name: "bucket", key });
        expect(refused.ok).toBe(false);
        // 6 a minute: the next token in about 10 s.
        expect(refused.retryAfter).toBeGreaterThan(5_000);
        expect(refused.retryAfter).toBeLessThanOrEqual(10_000);
      });

      it("fixed window: the window's count, then refusal until the window ends", async () => {
        const key = uid("w");
        for (let i = 0; i < 2; i++) expect((await b.t.mutation(api.limits.take, { name: "window", key })).ok).toBe(true);
        const refused = await b.t.mutation(api.limits.take, { name: "window", key });
        expect(refused.ok).toBe(false);
        expect(refused.retryAfter).toBeGreaterThan(0);
        expect(refused.retryAfter).toBeLessThanOrEqual(3_600_000);
      });

      it("reserve: capacity taken ahead, with the wait to honour it", async () => {
        const key = uid("r");
        const reserved = await b.t.mutation(api.limits.take, { name: "bucket", key, count: 5, reserve: true });
        expect(reserved.ok).toBe(true);
        expect(reserved.retryAfter).toBeGreaterThan(0);
        expect((await b.t.mutation(api.limits.take, { name: "bucket", key })).ok).toBe(false);
      });

      it("sharded limits spread the capacity and still refuse past it", async () => {
        const key = uid("s");
        let taken = 0;
        for (let i = 0; i < 12; i++) if ((await b.t.mutation(api.limits.take, { name: "sharded", key, count: 5 })).ok) taken += 5;
        // 40 tokens over 4 shards: never more than the capacity.
        expect(taken).toBeGreaterThan(0);
        expect(taken).toBeLessThanOrEqual(40);
      });

      it("check and reset; a limit taken in a failed mutation is not consumed", async () => {
        const key = uid("c");
        await failure(b.t.mutation(api.limits.takeThenFail, { key }));
        expect((await b.t.query(api.limits.check, { name: "bucket", key, count: 3 })).ok).toBe(true);
        for (let i = 0; i < 3; i++) await b.t.mutation(api.limits.take, { name: "bucket", key });
        expect((await b.t.query(api.limits.check, { name: "bucket", key })).ok).toBe(false);
        await b.t.mutation(api.limits.reset, { name: "bucket", key });
        expect((await b.t.query(api.limits.check, { name: "bucket", key, count: 3 })).ok).toBe(true);
      });
    });

    describe("@convex-dev/aggregate", () => {
      const b = backend();

      it("counts, sums, ranges, at and indexOf", async () => {
        for (const [id, score] of [
          ["a", 5],
          ["b", 1],
          ["c", 9],
          ["d", 3],
        ] as const)
          await b.t.mutation(api.scores.add, { id, score });
        expect(await b.t.query(api.scores.stats, {})).toEqual({ count: 4, sum: 18 });
        expect(await b.t.query(api.scores.stats, { lower: 2, upper: 9 })).toEqual({ count: 2, sum: 8 });
        expect(await b.t.query(api.scores.at, { offset: 1 })).toEqual({ key: 3, id: "d" });
        expect(await b.t.query(api.scores.indexOf, { score: 5 })).toBe(2);
        await b.t.mutation(api.scores.remove, { id: "d", score: 3 });
        expect(await b.t.query(api.scores.stats, {})).toEqual({ count: 3, sum: 15 });
      });

      it("stays consistent under concurrent inserts and deletes", async () => {
        const before = await b.t.query(api.scores.stats, {});
        const ids = Array.from({ length: 20 }, (_, i) => [uid("x"), 100 + i] as const);
        await Promise.all(ids.map(([id, score]) => b.t.mutation(api.scores.add, { id, score })));
        await Promise.all(ids.slice(0, 8).map(([id, score]) => b.t.mutation(api.scores.remove, { id, score })));
        const kept = ids.slice(8);
        expect(await b.t.query(api.scores.stats, {})).toEqual({
          count: before.count + kept.length,
          sum: before.sum + kept.reduce((s, [, score]) => s + score, 0),
        });
      });
    });

    describe("@convex-dev/migrations", () => {
      const b = backend();

      it("a dry run changes nothing; a run migrates every document once and reports its status", async () => {
        await b.t.mutation(api.migrations.seed, { group: "m", n: 5 });
        const dry = await failure(b.t.mutation(api.migrations.start, { dryRun: true }));
        // The component ends a dry run by throwing, so its transaction (and the batch) rolls back.
        expect(dry).toBeInstanceOf(ConvexError);
        expect((dry.data as { kind: string }).kind).toBe("DRY RUN");
        expect((await b.t.query(api.migrations.items, { group: "m" })).every((i: { doubled: null }) => i.doubled === null)).toBe(true);

        await b.t.mutation(api.migrations.start, {});
        await b.t.finishAllScheduledFunctions(() => {});
        expect(await b.t.query(api.migrations.items, { group: "m" })).toEqual(
          [1, 2, 3, 4, 5].map((value) => ({ value, doubled: value * 2 })),
        );
        const [status] = await b.t.query(api.migrations.status, {});
        expect(status).toMatchObject({ name: "migrations:doubleValues", isDone: true, processed: 5, state: "success" });
      });
    });

    describe("@convex-dev/migrations, interrupted", () => {
      const b = backend();

      it("an interrupted run resumes where it stopped", async () => {
        await b.t.mutation(api.migrations.seed, { group: "n", n: 6 });
        const first = await b.t.mutation(api.migrations.start, { batchSize: 2 });
        expect(first).toMatchObject({ state: "inProgress", processed: 2 });
        await b.t.mutation(api.migrations.cancel, {});
        const [canceled] = await b.t.query(api.migrations.status, {});
        expect(canceled.state).toBe("canceled");
        // Started again, it continues from its cursor: every document is migrated, none twice.
        await b.t.mutation(api.migrations.start, { batchSize: 2 });
        await b.t.finishAllScheduledFunctions(() => {});
        const items = await b.t.query(api.migrations.items, { group: "n" });
        expect(items).toEqual([1, 2, 3, 4, 5, 6].map((value) => ({ value, doubled: value * 2 })));
        const [status] = await b.t.query(api.migrations.status, {});
        expect(status).toMatchObject({ isDone: true, state: "success" });
      });
    });

    // Workpool runs on the scheduler's own timers (backoff, its main loop); convex-test only advances them with
    // fake timers, which the real clients' network calls cannot run under.
    describe.runIf(only("convex-local"))("@convex-dev/workpool (convex-local only)", () => {
      const b = backend();

      it("runs at most maxParallelism actions at once, retries with backoff, and calls onComplete with the context", async () => {
        await b.t.mutation(api.work.enqueue, { labels: ["j1", "j2", "j3", "j4"], ms: 150, failUntil: 0 });
        await b.t.mutation(api.work.enqueue, { labels: ["r1"], ms: 10, failUntil: 2 });
        const report = await until(
          () => b.t.query(api.work.report, {}),
          (r) => r.outcomes.length >= 5,
        );
        // maxParallelism 2: two ran together (actions overlap), never three.
        expect(report.maxRunning).toBe(2);
        expect(report.outcomes).toEqual(
          expect.arrayContaining([
            ...["j1", "j2", "j3", "j4"].map((label) => ({ label, kind: "success", attempt: 1 })),
            { label: "r1", kind: "success", attempt: 3 },
          ]),
        );
        // Backoff 200 ms, base 2: the retries wait about 200 and 400 ms (with jitter).
        const r1 = report.attempts.filter((a: { label: string }) => a.label === "r1").map((a: { at: number }) => a.at);
        expect(r1).toHaveLength(3);
        expect(r1[1] - r1[0]).toBeGreaterThanOrEqual(100);
        expect(r1[2] - r1[1]).toBeGreaterThanOrEqual(200);
      });
    });
  });
}
