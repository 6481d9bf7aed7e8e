/**
 * A bulk page split in two (the target refused it as too large) whose runner stopped between
 * the pieces. The resumed copy read the page again from its start, at whatever size its reads
 * came to then: smaller, the page ended earlier and rows of the first piece fell in the next
 * page, whose apply skips only rows of pieces with its own seq, so they were inserted a second
 * time (verify: "extra on target", the move stuck). Every piece now keeps where the whole page
 * ends, and the resumed copy reads exactly that page again.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ProjectBackend } from "../support/convex-local";
import { runMove, startMove, type MoveEnv } from "../../lib/server/scaling/move/runner";
import { countsAt, moveEnv, startMovePair } from "./support/deployments";

const SECRET = "move-split-test-system-secret-0123456789abcdef";
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let A: ProjectBackend;
let B: ProjectBackend;

beforeAll(async () => {
  ({ A, B } = await startMovePair("move-split", SECRET, { days: 2 }));
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

it("a split bulk page resumed with a smaller page size is read again whole: no row inserted twice", async () => {
  // Rows created within the second before the move's log starts are mapped one by one (runner.ts's `since`): the seed is older.
  await new Promise((r) => setTimeout(r, 1_500));
  const plain = moveEnv(SECRET, [A.url, B.url], { batch: 100 });
  // The second page of usage events is refused as too large (the runner halves it); after its first half
  // is in, the runner stops.
  let calls = 0;
  const splitting: MoveEnv = {
    ...plain,
    at: (url) => {
      const d = plain.at(url);
      if (url !== B.url) return d;
      return {
        ...d,
        mutation: async (name, args) => {
          const bulk = args.bulk as { table: string; seq: number } | undefined;
          if (name === "platform/moveData:apply" && bulk?.table === "usageEvents" && bulk.seq === 1) {
            calls++;
            if (calls === 1) throw new Error("Too many bytes read in a single function execution (test)");
            if (calls === 3) throw new Error("runner stopped between the pieces (test)");
          }
          return d.mutation(name, args);
        },
      };
    },
  };
  const moveId = await startMove(plain, {
    slug: "acme",
    to: { kind: "dedicated", deployment: "acme" } as never,
    sourceUrl: A.url,
    targetUrl: B.url,
  });
  await expect(runMove(splitting, moveId, "verify")).rejects.toThrow(/between the pieces/);
  expect(calls).toBe(3);
  const pieces = await B.run(async (ctx: Any) =>
    (await ctx.db.query("moveIdBatches").collect()).filter((b: Any) => b.table === "usageEvents" && b.seq === 1),
  );
  expect(pieces).toEqual([expect.objectContaining({ end: null, sourceIds: expect.any(Array) })]);
  expect(pieces[0].sourceIds).toHaveLength(50);
  expect(typeof pieces[0].pageEnd).toBe("string");

  // Resumed with pages of 30 rows: page 1 is read again to where it ended (100 rows), not to its 30th row.
  const resumed = await runMove(moveEnv(SECRET, [A.url, B.url], { batch: 30 }), moveId, "verify");
  expect(Object.entries(resumed.state.verified ?? {}).filter(([, x]) => !x.ok)).toEqual([]);
  const tables = ["usageEvents"];
  const onA = await countsAt(A.url, SECRET, tables);
  expect(onA.usageEvents).toBeGreaterThan(200);
  expect(await countsAt(B.url, SECRET, tables)).toEqual(onA);
}, 300_000);
