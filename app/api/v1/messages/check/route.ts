// POST /api/v1/messages/check: { recipient, recipientInstanceId, channels? } -> what this instance has not received yet, marked received.
import { workspaceRoute } from "@/lib/server/api/workspace";

export const POST = (request: Request) => workspaceRoute(request, "POST /api/v1/messages/check", "checkMessages", 200);
