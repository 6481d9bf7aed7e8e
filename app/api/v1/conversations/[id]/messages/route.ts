// POST /api/v1/conversations/{id}/messages: append a message (201), with optional usage. GET: the thread, oldest first.
import { workspaceRoute } from "@/lib/server/api/workspace";

type Params = { params: Promise<{ id: string }> };
export const POST = (request: Request, { params }: Params) =>
  workspaceRoute(request, "POST /api/v1/conversations/{id}/messages", "appendMessage", 201, { id: params });
export const GET = (request: Request, { params }: Params) =>
  workspaceRoute(request, "GET /api/v1/conversations/{id}/messages", "conversationHistory", 200, { id: params });
