// POST /api/v1/memories/recall: { query } recalls by full text, { embedding } by vector; namespace, namespacePrefix, conversationId narrow it.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/memories/recall", "recall", 200);
