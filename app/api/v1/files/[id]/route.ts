// DELETE /api/v1/files/{id}: deletes a stored file and gives its bytes back to the storage quota.
import { api } from "@/convex/_generated/api";
import { errorResponse } from "@/lib/server/errors";
import { callDoor } from "@/lib/server/api/convex";
import { json, respond, withApiKey } from "@/lib/server/api/respond";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return withApiKey(request, "DELETE /api/v1/files/{id}", async (keyHash) => {
    const { id } = await params;
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return errorResponse({ code: "NOT_FOUND", message: "No file with this id in this workspace." });
    const result = await callDoor(api.runtime.files.remove, keyHash, { fileId: id });
    return respond(result, (value, headers) => json(value, 200, headers));
  });
}
