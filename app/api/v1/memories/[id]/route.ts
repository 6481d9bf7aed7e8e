// DELETE /api/v1/memories/{id}: deletes a memory and gives its bytes back to the storage quota.
import { workspaceRoute } from "@/lib/server/api/workspace";

type Params = { params: Promise<{ id: string }> };
export const DELETE = (request: Request, { params }: Params) =>
  workspaceRoute(request, "DELETE /api/v1/memories/{id}", "deleteMemory", 200, { id: params });
