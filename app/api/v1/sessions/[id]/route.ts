// DELETE /api/v1/sessions/{id}: ends a session and frees its slot (ending an ended session answers the same).
import { api } from "@/convex/_generated/api";
import { callDoor } from "@/lib/server/api/convex";
import { json, respond, withApiKey } from "@/lib/server/api/respond";
import { notFoundSession } from "../session-id";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withApiKey(request, "DELETE /api/v1/sessions/{id}", async (keyHash) => {
    const { id } = await params;
    const bad = notFoundSession(id);
    if (bad) return bad;
    const result = await callDoor(api.runtime.sessions.end, keyHash, { sessionId: id });
    return respond(result, (value, headers) => json(value, 200, headers));
  });
}
