/**
 * The app's components on convex-local (the runtime `npm start` uses), not
 * only under convex-test: the upgrade step of `npm start` (scripts/seed.ts
 * runMigrations: jobs/migrations:run, then status until done) builds a missing
 * usage summary, and the retention job's purge pool (@convex-dev/workpool)
 * runs the release and hands its outcome to jobs/retention:finish.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { seedTenant, type Ctx, type SeededTenant } from "../tenancy/support/world";
import { runMigrations } from "../../scripts/seed";
import { emptyBuckets } from "../../convex/lib/latency";
import { DAY_MS } from "../../lib/domain/time";

let t: ProjectBackend;
let acme: SeededTenant;

beforeAll(async () => {
  t = await startProjectBackend("components-local", { secret: "components-local-secret-0123456789" });
  acme = await seedTenant(t, { slug: "acme", name: "Acme", plan: "pro", roles: ["owner"] });
}, 120_000);
afterAll(() => t?.dispose());

const day = new Date(Date.now() - 3 * DAY_MS).toISOString().slice(0, 10);
const summaries = () => t.run((ctx: Ctx) => ctx.db.query("usageDays").collect()) as Promise<{ tenantId: string; day: string }[]>;

it("npm start's upgrade step runs every pending migration to the end, and a second run has nothing to do", async () => {
  // A day of rollups written before per-day summaries existed: no usageDays row.
  await t.run(async (ctx: Ctx) => {
    const agent = (await ctx.db.query("agents").collect()).find((a) => a.tenantId === acme.id)!;
    await ctx.db.insert("usageRollups", {
      tenantId: acme.id,
      day,
      model: agent.model,
      agentId: agent._id,
      departmentId: agent.departmentId ?? null,
      calls: 3,
      errors: 0,
      inputTokens: 30,
      outputTokens: 15,
      costMicros: 900,
      latencySumMs: 300,
      latencyBuckets: emptyBuckets(),
    });
  });
  expect((await summaries()).filter((s) => s.day === day)).toEqual([]);
  // Progress lines (printed while a migration is pending) are not what is tested here.
  const quiet = () => {};
  expect(await runMigrations({ url: t.url, dataDir: t.dataDir, log: quiet })).toEqual([]);
  expect((await summaries()).filter((s) => s.day === day)).toEqual([expect.objectContaining({ tenantId: acme.id, day })]);
  const status = await t.query(makeFunctionReference<"query">("jobs/migrations:status"), {});
  expect(status.map((s: { name: string; state: string }) => [s.name, s.state])).toEqual([
    ["jobs/migrations:usageDays", "success"],
    ["jobs/migrations:platformStats", "success"],
    ["jobs/migrations:clearRateBuckets", "success"],
    ["jobs/migrations:placement", "success"],
    ["workspace/migrations:embeddingsToTable", "success"],
    ["workspace/migrations:vectorTenant", "success"],
  ]);
  expect(await runMigrations({ url: t.url, dataDir: t.dataDir, log: quiet })).toEqual([]);
}, 60_000);

it("a due purge is released through the pool and finished by its onComplete (local mode: nothing outside)", async () => {
  const doomed = await seedTenant(t, { slug: "doomed", name: "Doomed", plan: "starter", roles: ["owner"] });
  await t.run((ctx: Ctx) =>
    ctx.db.patch(doomed.id, { status: "deleted", deletedAt: Date.now() - 31 * DAY_MS, hardDeleteAt: Date.now() - 1 }),
  );
  await t.mutation(makeFunctionReference<"mutation">("jobs/retention:capture"), {});
  const purge = () => t.run(async (ctx: Ctx) => (await ctx.db.query("tenantPurges").collect()).find((p) => p.slug === "doomed") ?? null);
  const until = Date.now() + 30_000;
  while ((await purge())?.status !== "done" && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  expect(await purge()).toMatchObject({ status: "done", outcome: expect.stringContaining("nothing outside") });
  expect(await t.run((ctx: Ctx) => ctx.db.get(doomed.id))).toBeNull();
}, 60_000);
