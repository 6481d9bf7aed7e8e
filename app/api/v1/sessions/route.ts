// POST /api/v1/sessions: starts an agent session against the concurrent-sessions quota (201);
// it expires after idleTimeoutSeconds without a heartbeat, usage or end.
import { api } from "@/convex/_generated/api";
import { errorResponse } from "@/lib/server/errors";
import { callDoor } from "@/lib/server/api/convex";
import { readIdempotency, readJson } from "@/lib/server/api/request";
import { json, respond, withApiKey } from "@/lib/server/api/respond";
import { parseSessionStart } from "@/lib/domain/api/validate";

export async function POST(request: Request) {
  return withApiKey(request, "POST /api/v1/sessions", async (keyHash) => {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const parsed = parseSessionStart(body.value.value);
    if (!parsed.ok)
      return errorResponse(
        { code: "INVALID", message: parsed.message, field: parsed.field },
        { status: parsed.field === "body" ? 400 : 422 },
      );
    const idempotency = readIdempotency(request, parsed.value);
    if (!idempotency.ok) return idempotency.response;
    const result = await callDoor(api.runtime.sessions.start, keyHash, {
      ...parsed.value,
      ...(idempotency.value ? { idempotency: idempotency.value } : {}),
    });
    return respond(result, ({ replayed, ...session }, headers) => {
      if (replayed) headers.set("Idempotent-Replayed", "true");
      return json(session, 201, headers);
    });
  });
}
