// The seed's overage rules in integer cents, the bill's lines, and how a tenant's standing follows from its subscriptions.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { PLANS, storageOverageCents, tokenOverageCents } from "../../lib/domain/plans";
import { billLines, meteredLines } from "../../lib/domain/billing/bill";
import { currentSubscription, standingOf, targetStatus, type SubscriptionRow } from "../../lib/domain/billing/standing";
import { compareSubscriptionState, type SubscriptionState } from "../../lib/domain/billing/ordering";

const GB = 1024 ** 3;

describe("overage rules", () => {
  it.each([
    [0, 0],
    [-5, 0],
    [1, 0],
    [499, 0],
    [500, 1],
    [1_000, 1],
    [1_000_000, 10_00],
    [2_345_678, 23_46],
    [50_000_000, 500_00],
  ])("%i tokens over cost %i cents ($10 per million, half up)", (tokens, cents) => {
    expect(tokenOverageCents(tokens)).toBe(cents);
  });

  it.each([
    [0, 0],
    [GB / 20 - 1, 0],
    [GB / 20, 1],
    [GB / 2, 5],
    [GB, 10],
    [1.5 * GB, 15],
    [100 * GB + 1, 10_00],
  ])("%i bytes over cost %i cents ($0.10 per GB)", (bytes, cents) => {
    expect(storageOverageCents(bytes)).toBe(cents);
  });

  it("are integers that never decrease as usage grows", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 12 }), fc.nat({ max: 10 ** 9 }), (a, d) => {
        const x = tokenOverageCents(a),
          y = tokenOverageCents(a + d);
        return (
          Number.isInteger(x) && y >= x && Number.isInteger(storageOverageCents(a)) && storageOverageCents(a + d) >= storageOverageCents(a)
        );
      }),
    );
  });
});

describe("bill lines", () => {
  it("adds base fee, token overage beyond the plan's included tokens, and storage beyond quota", () => {
    const bill = billLines({
      plan: "pro",
      tokens: PLANS.pro.includedTokens + 3_000_000,
      storageBytes: 105 * GB,
      storageQuotaBytes: 100 * GB,
    });
    expect(bill.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ["base", 299_00],
      ["tokens", 30_00],
      ["storage", 50],
    ]);
    expect(bill.totalCents).toBe(299_00 + 30_00 + 50);
    expect(meteredLines(bill.lines).map((l) => l.kind)).toEqual(["tokens", "storage"]);
  });

  it("has no overage within the plan, and no storage overage when storage is unlimited", () => {
    const bill = billLines({ plan: "starter", tokens: 10, storageBytes: 10 ** 15, storageQuotaBytes: null });
    expect(bill.totalCents).toBe(PLANS.starter.priceCents);
    expect(meteredLines(bill.lines)).toEqual([]);
  });
});

const state = (status: string, extra: Partial<SubscriptionState> = {}): SubscriptionState => ({
  status,
  plan: "pro",
  priceId: "price_pro",
  currentPeriodStart: 1,
  currentPeriodEnd: 2,
  cancelAtPeriodEnd: false,
  canceledAt: null,
  trialEnd: null,
  ...extra,
});
const row = (id: string, status: string, startedAt: number): SubscriptionRow => ({ ...state(status), subscriptionId: id, startedAt });

describe("ordering", () => {
  it("applies newer, keeps newer, never revives a final state, and calls a same-second difference a tie", () => {
    const stored = { ...state("active"), stateAsOf: 100 };
    expect(compareSubscriptionState(stored, { ...state("past_due"), created: 101 })).toBe("apply");
    expect(compareSubscriptionState(stored, { ...state("past_due"), created: 99 })).toBe("stale");
    expect(compareSubscriptionState(stored, { ...state("past_due"), created: 100 })).toBe("tie");
    expect(compareSubscriptionState(stored, { ...state("active"), created: 50 })).toBe("same");
    expect(compareSubscriptionState(stored, { ...state("canceled"), created: 1 })).toBe("apply");
    expect(compareSubscriptionState({ ...state("canceled"), stateAsOf: 100 }, { ...state("active"), created: 999 })).toBe("stale");
  });
});

describe("standing", () => {
  it("the newest live subscription decides; with none live, the one the tenant points at", () => {
    expect(currentSubscription([row("old", "active", 1), row("new", "active", 2)], "old")?.subscriptionId).toBe("new");
    expect(currentSubscription([row("old", "canceled", 1), row("new", "active", 2)], "old")?.subscriptionId).toBe("new");
    expect(currentSubscription([row("a", "canceled", 1), row("b", "canceled", 2)], "a")?.subscriptionId).toBe("a");
    expect(currentSubscription([row("a", "canceled", 1)], "unknown-yet")).toBeNull();
  });

  it.each([
    ["active", false, "good"],
    ["trialing", false, "trialing"],
    ["past_due", false, "delinquent"],
    ["active", true, "delinquent"],
    ["canceled", false, "ended"],
    ["paused", false, "ended"],
    ["incomplete", false, "none"],
  ])("a %s subscription (failed invoice: %s) is %s", (status, failed, standing) => {
    expect(standingOf(row("s", status, 1), failed, false)).toBe(standing);
  });

  it("billing never touches a deleted tenant or lifts a staff suspension, and suspends only after grace", () => {
    const account = { billingSuspended: false, graceOver: false };
    expect(targetStatus("deleted", "good", account)).toBeNull();
    expect(targetStatus("suspended", "good", account)).toEqual({ status: "suspended", billingSuspended: false });
    expect(targetStatus("suspended", "good", { billingSuspended: true, graceOver: true })).toEqual({
      status: "active",
      billingSuspended: false,
    });
    expect(targetStatus("active", "delinquent", account)).toEqual({ status: "past_due", billingSuspended: false });
    expect(targetStatus("past_due", "delinquent", { billingSuspended: false, graceOver: true })).toEqual({
      status: "suspended",
      billingSuspended: true,
    });
    expect(targetStatus("trial", "none", account)).toBeNull();
  });
});
