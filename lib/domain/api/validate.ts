/**
 * Request bodies of the runtime API, checked field by field with messages that
 * name the field and say what is expected. Pure functions with no server
 * imports: the route handlers use them to turn JSON into typed values, and the
 * Convex functions run them again on what arrives (never trust the caller).
 */
import { MODEL_IDS, isModelId, type ModelId } from "../plans";
import { DAY_MS } from "../time";

export const MAX_BATCH = 500;
export const MAX_TOKENS_PER_EVENT = 10_000_000;
export const MAX_LATENCY_MS = 3_600_000;
/** Events may arrive late (a runtime buffering offline), but not from before this window. */
export const MAX_EVENT_AGE_MS = 30 * DAY_MS;
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;
export const IDLE_TIMEOUT = { minSeconds: 60, maxSeconds: 86_400, defaultSeconds: 900 } as const;

export type FieldError = { field: string; message: string };
export type Parsed<T> = { ok: true; value: T } | ({ ok: false } & FieldError);
export type UsageEventInput = {
  agentId: string;
  model?: ModelId;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  success: boolean;
  at?: number;
  sessionId?: string;
};
export type SessionStartInput = { agentId: string; model?: ModelId; idleTimeoutSeconds: number };

const fail = (field: string, message: string): { ok: false } & FieldError => ({ ok: false, field, message });
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Longest caller-chosen name an answer repeats (the field of an error, its message). */
export const MAX_ECHOED_NAME = 64;

/**
 * A caller's field name as an answer may repeat it: at most MAX_ECHOED_NAME characters.
 * Errors echo unknown field names, and a batch answer (kept whole for an Idempotency-Key,
 * in one Convex document of at most 1 MiB) holds up to 500 of them: a 900 KB name must not
 * come back twice per item.
 */
export function echoName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= MAX_ECHOED_NAME ? name : `${chars.slice(0, MAX_ECHOED_NAME - 1).join("")}…`;
}

function unknownField(raw: Record<string, unknown>, allowed: readonly string[]): FieldError | null {
  const extra = Object.keys(raw).find((k) => !allowed.includes(k));
  if (extra === undefined) return null;
  const name = echoName(extra);
  return { field: name, message: `Unknown field "${name}"; expected ${allowed.join(", ")}.` };
}

function id(raw: unknown, field: string, required: boolean): Parsed<string | undefined> {
  if (raw === undefined && !required) return { ok: true, value: undefined };
  if (typeof raw !== "string" || raw.length < 1 || raw.length > 64)
    return fail(field, `${field} must be an id string (1 to 64 characters).`);
  return { ok: true, value: raw };
}

function model(raw: unknown): Parsed<ModelId | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (typeof raw !== "string" || !isModelId(raw)) return fail("model", `model must be one of ${MODEL_IDS.join(", ")}.`);
  return { ok: true, value: raw };
}

function count(raw: unknown, field: string, max: number, integer: boolean): Parsed<number> {
  if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0 || raw > max || (integer && !Number.isInteger(raw))) {
    return fail(field, `${field} must be ${integer ? "a whole number" : "a number"} from 0 to ${max.toLocaleString("en-US")}.`);
  }
  return { ok: true, value: raw };
}

/** `at` as epoch milliseconds or an ISO 8601 string with a time zone; defaults to now. */
function time(raw: unknown, now: number): Parsed<number | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const ms = typeof raw === "number" && Number.isInteger(raw) ? raw : typeof raw === "string" && ISO_DATE.test(raw) ? Date.parse(raw) : NaN;
  if (!Number.isFinite(ms)) return fail("at", "at must be an ISO 8601 time with a time zone (2026-02-14T09:30:00Z) or epoch milliseconds.");
  if (ms > now + MAX_CLOCK_SKEW_MS) return fail("at", "at is in the future; check the runtime's clock.");
  if (ms < now - MAX_EVENT_AGE_MS) return fail("at", "at is more than 30 days ago; older usage can no longer be reported.");
  return { ok: true, value: ms };
}

const EVENT_FIELDS = ["agentId", "model", "inputTokens", "outputTokens", "latencyMs", "success", "at", "sessionId"] as const;

export function parseUsageEvent(raw: unknown, now: number): Parsed<UsageEventInput> {
  if (!isObject(raw)) return fail("event", "Each usage event must be a JSON object.");
  const extra = unknownField(raw, EVENT_FIELDS);
  if (extra) return { ok: false, ...extra };
  const agentId = id(raw.agentId, "agentId", true);
  if (!agentId.ok) return agentId;
  const m = model(raw.model);
  if (!m.ok) return m;
  const input = count(raw.inputTokens, "inputTokens", MAX_TOKENS_PER_EVENT, true);
  if (!input.ok) return input;
  const output = count(raw.outputTokens, "outputTokens", MAX_TOKENS_PER_EVENT, true);
  if (!output.ok) return output;
  const latency = count(raw.latencyMs, "latencyMs", MAX_LATENCY_MS, false);
  if (!latency.ok) return latency;
  if (typeof raw.success !== "boolean") return fail("success", "success must be true or false.");
  const at = time(raw.at, now);
  if (!at.ok) return at;
  const sessionId = id(raw.sessionId, "sessionId", false);
  if (!sessionId.ok) return sessionId;
  const event: UsageEventInput = {
    agentId: agentId.value!,
    inputTokens: input.value,
    outputTokens: output.value,
    latencyMs: Math.round(latency.value),
    success: raw.success,
  };
  if (m.value) event.model = m.value;
  if (at.value !== undefined) event.at = at.value;
  if (sessionId.value) event.sessionId = sessionId.value;
  return { ok: true, value: event };
}

export function parseSessionStart(raw: unknown): Parsed<SessionStartInput> {
  if (!isObject(raw)) return fail("body", "The body must be a JSON object: { agentId, model?, idleTimeoutSeconds? }.");
  const extra = unknownField(raw, ["agentId", "model", "idleTimeoutSeconds"]);
  if (extra) return { ok: false, ...extra };
  const agentId = id(raw.agentId, "agentId", true);
  if (!agentId.ok) return agentId;
  const m = model(raw.model);
  if (!m.ok) return m;
  const idle = raw.idleTimeoutSeconds ?? IDLE_TIMEOUT.defaultSeconds;
  if (typeof idle !== "number" || !Number.isInteger(idle) || idle < IDLE_TIMEOUT.minSeconds || idle > IDLE_TIMEOUT.maxSeconds) {
    return fail(
      "idleTimeoutSeconds",
      `idleTimeoutSeconds must be a whole number from ${IDLE_TIMEOUT.minSeconds} to ${IDLE_TIMEOUT.maxSeconds}.`,
    );
  }
  return { ok: true, value: { agentId: agentId.value!, idleTimeoutSeconds: idle, ...(m.value ? { model: m.value } : {}) } };
}
