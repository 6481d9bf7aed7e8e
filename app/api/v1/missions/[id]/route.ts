// PATCH /api/v1/missions/{id}: change a mission's status, pilot, title, description or project.
import { workspaceRoute } from "@/lib/server/api/workspace";

type Params = { params: Promise<{ id: string }> };
export const PATCH = (request: Request, { params }: Params) =>
  workspaceRoute(request, "PATCH /api/v1/missions/{id}", "updateMission", 200, { id: params });
