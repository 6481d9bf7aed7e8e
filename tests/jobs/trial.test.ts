// @vitest-environment edge-runtime
// Trial expiry: notices 3 days and 1 day before, past due at day 14, each once; subscribed trials left to billing.
import { convexTest } from "convex-test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import schema from "../../convex/schema";
import { internal } from "../../convex/_generated/api";
import { addTenant, type T, type Tenant } from "../api/world";
import { DAY_MS as DAY } from "../../lib/domain/time";

const modules = import.meta.glob("../../convex/**/*.ts");
const START = Date.UTC(2026, 1, 1, 9);
let t: T;
let trial: Tenant;
let subscribed: Tenant;

beforeEach(async () => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
  t = convexTest(schema, modules);
  trial = await addTenant(t, { slug: "trial", status: "trial" });
  subscribed = await addTenant(t, { slug: "paid", status: "trial" });
  await t.run((ctx) => ctx.db.patch(subscribed.id, { stripeSubscriptionId: "sub_1", trialEndsAt: START + 14 * DAY }));
});
afterEach(() => vi.useRealTimers());

const run = async () => {
  await t.mutation(internal.jobs.trial.expireTrials, {});
  await t.finishAllScheduledFunctions(vi.runAllTimers);
};
const kinds = (tenant: Tenant) =>
  t.run(async (ctx) => (await ctx.db.query("notifications").collect()).filter((n) => n.tenantId === tenant.id).map((n) => n.kind));
const status = (tenant: Tenant) => t.run(async (ctx) => (await ctx.db.get(tenant.id))!.status);

describe("trial expiry", () => {
  it("sends the 3-day and 1-day notices once each, then makes the trial past due at day 14", async () => {
    vi.setSystemTime(START + 10 * DAY);
    await run();
    expect(await kinds(trial)).toEqual([]);
    vi.setSystemTime(START + 11 * DAY);
    await run();
    await run();
    expect(await kinds(trial)).toEqual(["trial.ends_3d"]);
    vi.setSystemTime(START + 13 * DAY + 1);
    await run();
    await run();
    expect(await kinds(trial)).toEqual(["trial.ends_3d", "trial.ends_1d"]);
    expect(await status(trial)).toBe("trial");
    vi.setSystemTime(START + 14 * DAY);
    await run();
    await run();
    expect(await status(trial)).toBe("past_due");
    expect(await kinds(trial)).toEqual(["trial.ends_3d", "trial.ends_1d", "trial.ended"]);
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").collect());
    expect(audit.map((a) => [a.action, a.actorEmail])).toEqual([["tenant.trial_expired", "system"]]);
    // The subscribed trial is billing's to convert: no notices, no status change.
    expect(await kinds(subscribed)).toEqual([]);
    expect(await status(subscribed)).toBe("trial");
  });

  it("a job that first runs a day before the end sends only the 1-day notice", async () => {
    vi.setSystemTime(START + 13 * DAY + 3_600_000);
    await run();
    expect(await kinds(trial)).toEqual(["trial.ends_1d"]);
  });

  it("pages through many trials, continuing itself", async () => {
    for (let i = 0; i < 60; i++) await addTenant(t, { slug: `bulk-${i}`, status: "trial", models: [] });
    vi.setSystemTime(START + 15 * DAY);
    await run();
    const pastDue = await t.run(async (ctx) => (await ctx.db.query("tenants").collect()).filter((x) => x.status === "past_due").length);
    expect(pastDue).toBe(61);
  });
});
