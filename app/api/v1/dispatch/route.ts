// POST /api/v1/dispatch: an orchestrator hands a task to a worker of the same workspace and scope (201), else 404.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/dispatch", "dispatch", 201);
