/**
 * The envelope of POST /api/v1/usage: one event object, `{ "events": [...] }`
 * or a bare array (a batch of 1 to 500). Each event is checked on its own:
 * malformed ones become per-item rejections, so one bad event never sinks
 * the batch. Only whole-request problems are errors here.
 */
import { echoName, MAX_BATCH, parseUsageEvent, type FieldError, type UsageEventInput } from "../../domain/api/validate";

export type UsageBody = {
  mode: "single" | "batch";
  items: { index: number; event: UsageEventInput }[];
  rejected: ({ index: number } & FieldError)[];
};
export type Envelope = { ok: true; value: UsageBody } | { ok: false; status: 400 | 422; field: string; message: string };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function parseUsageBody(body: unknown, now: number): Envelope {
  let mode: UsageBody["mode"];
  let raw: unknown[];
  if (Array.isArray(body)) {
    mode = "batch";
    raw = body;
  } else if (isObject(body) && "events" in body) {
    const extra = Object.keys(body).find((k) => k !== "events");
    if (extra !== undefined)
      return { ok: false, status: 422, field: echoName(extra), message: `Unknown field "${echoName(extra)}" next to "events".` };
    if (!Array.isArray(body.events))
      return { ok: false, status: 422, field: "events", message: "events must be an array of usage events." };
    mode = "batch";
    raw = body.events;
  } else if (isObject(body)) {
    mode = "single";
    raw = [body];
  } else {
    return { ok: false, status: 400, field: "body", message: 'The body must be one usage event object, or { "events": [ ... ] }.' };
  }
  if (raw.length === 0) return { ok: false, status: 422, field: "events", message: `events is empty; send 1 to ${MAX_BATCH} events.` };
  if (raw.length > MAX_BATCH)
    return {
      ok: false,
      status: 422,
      field: "events",
      message: `At most ${MAX_BATCH} events per request; this one has ${raw.length}. Split it.`,
    };
  const out: UsageBody = { mode, items: [], rejected: [] };
  raw.forEach((item, index) => {
    const parsed = parseUsageEvent(item, now);
    if (parsed.ok) out.items.push({ index, event: parsed.value });
    else out.rejected.push({ index, field: parsed.field, message: parsed.message });
  });
  return { ok: true, value: out };
}
