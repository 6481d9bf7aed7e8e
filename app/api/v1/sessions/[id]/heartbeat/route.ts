// POST /api/v1/sessions/{id}/heartbeat: keeps an active session from expiring for another idle timeout.
import { api } from "@/convex/_generated/api";
import { callDoor } from "@/lib/server/api/convex";
import { json, respond, withApiKey } from "@/lib/server/api/respond";
import { notFoundSession } from "../../session-id";

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withApiKey(request, "POST /api/v1/sessions/{id}/heartbeat", async (keyHash) => {
    const { id } = await params;
    const bad = notFoundSession(id);
    if (bad) return bad;
    const result = await callDoor(api.runtime.sessions.heartbeat, keyHash, { sessionId: id });
    return respond(result, (value, headers) => json(value, 200, headers));
  });
}
