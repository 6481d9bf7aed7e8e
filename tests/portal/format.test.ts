// The one formatting module (issue 18): one look per kind of number, round chart ticks, one "no data" rule.
import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatCents,
  formatCentsShort,
  formatGb,
  formatLimit,
  formatPercent,
  formatTokens,
  niceTicks,
  NO_DATA,
  ratioOrNull,
} from "@/lib/domain/format";

const GB = 1024 ** 3;

describe("format", () => {
  it("writes bytes with one decimal at most and grouping, GB up to 10,000", () => {
    expect([10 * GB, 100 * GB, 1000 * GB, 10.5 * GB, 512, 1536].map(formatBytes)).toEqual([
      "10 GB",
      "100 GB",
      "1,000 GB",
      "10.5 GB",
      "512 B",
      "1.5 KB",
    ]);
    expect(formatGb(0.25 * GB)).toBe("0.3 GB");
  });

  it("writes money, tokens and missing limits one way", () => {
    expect(formatCents(123456)).toBe("$1,234.56");
    expect(formatCentsShort(1000)).toBe("$10");
    expect(formatCentsShort(650)).toBe("$6.50");
    expect(formatTokens(4_600_000)).toBe("4.6M");
    expect(formatLimit(null)).toBe("Unlimited");
    expect(formatLimit(1000)).toBe("1,000");
  });

  it("shows no data, not 0.0%, for a rate over nothing", () => {
    expect(formatPercent(ratioOrNull(0, 0))).toBe(NO_DATA);
    expect(formatPercent(ratioOrNull(1, 8))).toBe("12.5%");
    expect(formatPercent(0)).toBe("0.0%");
  });

  it("rounds chart ticks to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect(niceTicks(340)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(1950)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(9)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(0)).toEqual([0]);
    for (const max of [1, 7, 33, 85, 255, 999, 12_345, 0.04]) {
      const ticks = niceTicks(max);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(7);
    }
  });
});
