// POST /api/v1/conversations: { agentId, userIdentifier, userContext } from the tenant's backend (201). GET: a page, newest first.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/conversations", "createConversation", 201);
export const GET = (request: Request) => workspaceRoute(request, "GET /api/v1/conversations", "listConversations", 200);
