// PATCH /api/v1/tasks/{id}: change a task's status, assignee, priority, title, description or project.
import { workspaceRoute } from "@/lib/server/api/workspace";

type Params = { params: Promise<{ id: string }> };
export const PATCH = (request: Request, { params }: Params) =>
  workspaceRoute(request, "PATCH /api/v1/tasks/{id}", "updateTask", 200, { id: params });
