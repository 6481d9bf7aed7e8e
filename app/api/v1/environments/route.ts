// GET /api/v1/environments: the workspace's environments and the calling key's own scope.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const GET = (request: Request) => workspaceRoute(request, "GET /api/v1/environments", "environments", 200);
