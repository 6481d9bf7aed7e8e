/**
 * Issue 18: the tenant detail's cost trend compares this month's cost so far with last
 * month's up to the same day of the month, from the day summaries; the two figures are
 * the ones the rest of the console shows (the month's counters, the per-day totals).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Doc } from "../../convex/_generated/dataModel";
import { as, ok, STAFF, startLocal, tenantBySlug, type Local } from "./support";

let t: Local;
beforeAll(async () => {
  // 40 days back: always some of last month, however far into this month today is.
  t = await startLocal("cost-trend", { usageDays: 40 });
}, 300_000);
afterAll(async () => t?.dispose());

it("is this month so far against last month through the same day, with the percent change", async () => {
  const acme = (await tenantBySlug(t, "acme")) as Doc<"tenants">;
  const now = new Date();
  const lastDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).getUTCDate();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const until = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, Math.min(now.getUTCDate(), lastDay)))
    .toISOString()
    .slice(0, 10);
  const { days, counters }: { days: Doc<"usageDays">[]; counters: Doc<"tenantCounters"> } = await t.query(async (ctx) => ({
    days: ((await ctx.db.query("usageDays").collect()) as Doc<"usageDays">[]).filter((d) => d.tenantId === acme._id),
    counters: ((await ctx.db.query("tenantCounters").collect()) as Doc<"tenantCounters">[]).find((c) => c.tenantId === acme._id)!,
  }));
  const lastMonth = days.filter((d) => d.day >= from && d.day <= until).reduce((n, d) => n + d.total.costMicros, 0);
  expect(lastMonth).toBeGreaterThan(0);

  const detail = await ok(as(t, STAFF), "query", "admin/tenantDetail:get", { slug: "acme" });
  expect(detail.costTrend).toEqual({
    thisMonthMicros: counters.monthCostMicros,
    lastMonthMicros: lastMonth,
    changePercent: Math.round(((counters.monthCostMicros - lastMonth) / lastMonth) * 1000) / 10,
    throughDay: now.getUTCDate(),
  });
});
