// GET /api/v1/teams: the workspace's teams and the calling key's own scope.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const GET = (request: Request) => workspaceRoute(request, "GET /api/v1/teams", "teams", 200);
