// POST /api/v1/messages: send { from, channel, content } or { messages: [...] } (1 to 100) to agents or named channels (201).
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/messages", "sendMessage", 201);
