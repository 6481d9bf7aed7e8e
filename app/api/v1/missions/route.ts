// POST /api/v1/missions: create a mission (201). GET /api/v1/missions?project=&pilot=&status=&limit=&cursor=: a page.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/missions", "createMission", 201);
export const GET = (request: Request) => workspaceRoute(request, "GET /api/v1/missions", "listMissions", 200);
