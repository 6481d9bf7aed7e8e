// The runtime API's request checks: every field named, envelope rules, and no input that makes them throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSessionStart, parseUsageEvent, MAX_EVENT_AGE_MS } from "../../lib/domain/api/validate";
import { parseUsageBody } from "../../lib/server/api/usage-body";

const NOW = Date.UTC(2026, 1, 14, 12);
const good = { agentId: "a1", inputTokens: 10, outputTokens: 5, latencyMs: 12.4, success: true };

describe("usage events", () => {
  it("accepts a minimal event and normalizes time and latency", () => {
    expect(parseUsageEvent(good, NOW)).toEqual({
      ok: true,
      value: { agentId: "a1", inputTokens: 10, outputTokens: 5, latencyMs: 12, success: true },
    });
    expect(parseUsageEvent({ ...good, at: "2026-02-14T11:00:00Z", model: "gpt-4o", sessionId: "s1" }, NOW)).toMatchObject({
      ok: true,
      value: { at: NOW - 3_600_000, model: "gpt-4o", sessionId: "s1" },
    });
    expect(parseUsageEvent({ ...good, at: NOW - 1000 }, NOW)).toMatchObject({ ok: true, value: { at: NOW - 1000 } });
  });

  it.each([
    [{ ...good, agentId: undefined }, "agentId"],
    [{ ...good, agentId: "" }, "agentId"],
    [{ ...good, model: "gpt-9" }, "model"],
    [{ ...good, inputTokens: -1 }, "inputTokens"],
    [{ ...good, inputTokens: 1.5 }, "inputTokens"],
    [{ ...good, outputTokens: "5" }, "outputTokens"],
    [{ ...good, latencyMs: Number.NaN }, "latencyMs"],
    [{ ...good, success: "yes" }, "success"],
    [{ ...good, at: "yesterday" }, "at"],
    [{ ...good, at: "2026-02-14T11:00:00" }, "at"],
    [{ ...good, at: NOW + 3_600_000 }, "at"],
    [{ ...good, at: NOW - MAX_EVENT_AGE_MS - 1 }, "at"],
    [{ ...good, sessionId: 5 }, "sessionId"],
    [{ ...good, tokens: 5 }, "tokens"],
    [[good], "event"],
    [null, "event"],
  ])("%j is refused naming %s", (input, field) => {
    const r = parseUsageEvent(input, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });

  it("never throws, and a refusal always names the field and says why (any JSON at all)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = parseUsageEvent(value, NOW);
        // The field is the offending key as sent (even an empty one), with a message saying what is expected.
        return r.ok || (typeof r.field === "string" && r.message.includes(" "));
      }),
    );
  });
});

describe("the usage envelope", () => {
  it("tells a single event from a batch, and keeps going past bad items", () => {
    expect(parseUsageBody(good, NOW)).toMatchObject({ ok: true, value: { mode: "single", items: [{ index: 0 }], rejected: [] } });
    expect(parseUsageBody([good, { ...good, success: 1 }], NOW)).toMatchObject({
      ok: true,
      value: { mode: "batch", items: [{ index: 0 }], rejected: [{ index: 1, field: "success" }] },
    });
    expect(parseUsageBody({ events: [good] }, NOW)).toMatchObject({ ok: true, value: { mode: "batch" } });
  });

  it.each([
    ["a string", "hi", 400, "body"],
    ["a number", 5, 400, "body"],
    ["events not an array", { events: {} }, 422, "events"],
    ["an extra top-level field", { events: [good], dryRun: true }, 422, "dryRun"],
    ["an empty batch", { events: [] }, 422, "events"],
    ["501 events", Array.from({ length: 501 }, () => good), 422, "events"],
  ])("refuses %s", (_label, body, status, field) => {
    expect(parseUsageBody(body, NOW)).toMatchObject({ ok: false, status, field });
  });
});

describe("session start", () => {
  it("defaults the idle timeout and checks its range", () => {
    expect(parseSessionStart({ agentId: "a" })).toEqual({ ok: true, value: { agentId: "a", idleTimeoutSeconds: 900 } });
    expect(parseSessionStart({ agentId: "a", idleTimeoutSeconds: 59 })).toMatchObject({ ok: false, field: "idleTimeoutSeconds" });
    expect(parseSessionStart({ agentId: "a", idleTimeoutSeconds: 86_401 })).toMatchObject({ ok: false, field: "idleTimeoutSeconds" });
    expect(parseSessionStart([])).toMatchObject({ ok: false, field: "body" });
    expect(parseSessionStart({ agentId: "a", extra: 1 })).toMatchObject({ ok: false, field: "extra" });
  });
});
