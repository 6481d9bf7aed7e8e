// POST /api/v1/memories: store a memory (201). GET /api/v1/memories?namespace=&conversationId=&limit=&cursor=: a page, newest first.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/memories", "storeMemory", 201);
export const GET = (request: Request) => workspaceRoute(request, "GET /api/v1/memories", "listMemories", 200);
