// POST /api/v1/tasks: create a task (201). GET /api/v1/tasks?project=&assignedTo=&status=&missionId=&limit=&cursor=: a page.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/tasks", "createTask", 201);
export const GET = (request: Request) => workspaceRoute(request, "GET /api/v1/tasks", "listTasks", 200);
