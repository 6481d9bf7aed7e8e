// POST /api/v1/usage: records one usage event (201) or a batch of up to 500 (200, a result per item);
// a retry with the same Idempotency-Key is answered from the first request and records nothing.
import { api } from "@/convex/_generated/api";
import { errorResponse } from "@/lib/server/errors";
import { callDoor } from "@/lib/server/api/convex";
import { readIdempotency, readJson } from "@/lib/server/api/request";
import { json, respond, withApiKey } from "@/lib/server/api/respond";
import { parseUsageBody } from "@/lib/server/api/usage-body";

export async function POST(request: Request) {
  return withApiKey(request, "POST /api/v1/usage", async (keyHash) => {
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const envelope = parseUsageBody(body.value.value, Date.now());
    if (!envelope.ok)
      return errorResponse({ code: "INVALID", message: envelope.message, field: envelope.field }, { status: envelope.status });
    const idempotency = readIdempotency(request, body.value.value);
    if (!idempotency.ok) return idempotency.response;
    const { mode, items, rejected } = envelope.value;
    const result = await callDoor(api.runtime.usage.record, keyHash, {
      items,
      rejected,
      ...(idempotency.value ? { idempotency: idempotency.value } : {}),
    });
    return respond(result, (value, headers) => {
      if (value.replayed) headers.set("Idempotent-Replayed", "true");
      if (mode === "batch") return json(value, 200, headers);
      const [item] = value.results;
      if (item.status === "rejected") return errorResponse(item.error, { headers });
      return json(
        { status: item.status, model: item.model, ...(item.routedFrom ? { routedFrom: item.routedFrom } : {}), replayed: value.replayed },
        201,
        headers,
      );
    });
  });
}
