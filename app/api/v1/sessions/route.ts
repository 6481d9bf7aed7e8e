// POST /api/v1/sessions: starts an agent session against the concurrent-sessions quota (201);
// it expires after idleTimeoutSeconds without a heartbeat, usage or end.
import { api } from "@/convex/_generated/api";
import { errorResponse } from "@/lib/errors";
import { callDoor } from "@/lib/api/convex";
import { readIdempotency, readJson } from "@/lib/api/request";
import { json, respond, withApiKey } from "@/lib/api/respond";
import { parseSessionStart } from "@/lib/api/validate";

export async function POST(request: Request) {
  return withApiKey(request, "POST /api/v1/sessions", async (keyHash) => {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const parsed = parseSessionStart(body.value.value);
    if (!parsed.ok) return errorResponse({ code: "INVALID", message: parsed.message, field: parsed.field }, { status: parsed.field === "body" ? 400 : 422 });
    const idempotency = readIdempotency(request, parsed.value);
    if (!idempotency.ok) return idempotency.response;
    const result = await callDoor(api.sessions.start, keyHash, { ...parsed.value, ...(idempotency.value ? { idempotency: idempotency.value } : {}) });
    return respond(result, ({ replayed, ...session }, headers) => {
      if (replayed) headers.set("Idempotent-Replayed", "true");
      return json(session, 201, headers);
    });
  });
}
