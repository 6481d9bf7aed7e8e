/**
 * Issue 18: the tenant detail's uptime line (the seed's "98.7% uptime"): of the minutes in
 * the last 30 days with API calls, the share in which none failed. The figure the detail
 * answers must equal a recount from the raw usage events.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Doc } from "../../convex/_generated/dataModel";
import { countMinutes, minuteOfDay, MINUTE_WORDS, uptimeOf, withMinutes } from "../../lib/domain/uptime";
import { DAY_MS } from "../../lib/domain/time";
import { as, ok, STAFF, startLocal, tenantBySlug, type Local } from "./support";

describe("minute bitmaps", () => {
  it("set a minute once however often it is marked, in any order", () => {
    const a = withMinutes(undefined, [0, 31, 32, 1439, 31]);
    const b = withMinutes(withMinutes(undefined, [1439, 32]), [31, 0]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(MINUTE_WORDS);
    expect(countMinutes(a)).toBe(4);
    expect(a.every((w) => w >= 0 && w < 2 ** 32)).toBe(true);
  });
  it("refuse a minute outside the day", () => {
    expect(() => withMinutes(undefined, [1440])).toThrow(RangeError);
    expect(() => withMinutes(undefined, [-1])).toThrow(RangeError);
  });
  it("give no share without calls, and count a failed minute as down", () => {
    expect(uptimeOf([])).toEqual({ activeMinutes: 0, failedMinutes: 0, share: null });
    const day = { minutesActive: withMinutes(undefined, [1, 2, 3, 4]), minutesFailed: withMinutes(undefined, [2]) };
    expect(uptimeOf([day, {}])).toEqual({ activeMinutes: 4, failedMinutes: 1, share: 0.75 });
    expect(minuteOfDay(Date.UTC(2026, 11, 7, 23, 59, 59))).toBe(1439);
  });
});

let t: Local;
beforeAll(async () => {
  t = await startLocal("uptime", { usageDays: 3 });
}, 300_000);
afterAll(async () => t?.dispose());

it("the detail's uptime equals a recount of the last 30 days' events by minute", async () => {
  const acme = (await tenantBySlug(t, "acme")) as Doc<"tenants">;
  const from = new Date(Date.now() - 29 * DAY_MS).toISOString().slice(0, 10);
  const events: Doc<"usageEvents">[] = await t.query(async (ctx) =>
    ((await ctx.db.query("usageEvents").collect()) as Doc<"usageEvents">[]).filter((e) => e.tenantId === acme._id),
  );
  const minuteKey = (at: number) => Math.floor(at / 60_000);
  const recent = events.filter((e) => new Date(e.at).toISOString().slice(0, 10) >= from);
  const active = new Set(recent.map((e) => minuteKey(e.at)));
  const failed = new Set(recent.filter((e) => !e.success).map((e) => minuteKey(e.at)));
  // The demo seed fails about 2% of calls: both kinds of minute must be there for the test to mean anything.
  expect(active.size).toBeGreaterThan(0);
  expect(failed.size).toBeGreaterThan(0);

  const detail = await ok(as(t, STAFF), "query", "admin/tenantDetail:get", { slug: "acme" });
  expect(detail.uptime).toEqual({
    days: 30,
    activeMinutes: active.size,
    failedMinutes: failed.size,
    share: (active.size - failed.size) / active.size,
  });
});
