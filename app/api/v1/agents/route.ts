// GET /api/v1/agents?limit=&cursor=: the key's tenant's agents and the models each may use, a page at a time.
import { api } from "@/convex/_generated/api";
import { errorResponse } from "@/lib/server/errors";
import { callDoor } from "@/lib/server/api/convex";
import { json, respond, withApiKey } from "@/lib/server/api/respond";

const CURSOR = /^\d{1,16}(\.\d{1,6})?$/;

export async function GET(request: Request) {
  return withApiKey(request, "GET /api/v1/agents", async (keyHash) => {
    const params = new URL(request.url).searchParams;
    const limitText = params.get("limit") ?? "100";
    const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= 200))
      return errorResponse({ code: "INVALID", message: "limit must be a whole number from 1 to 200.", field: "limit" });
    const cursor = params.get("cursor");
    if (cursor !== null && !CURSOR.test(cursor))
      return errorResponse({ code: "INVALID", message: "cursor must be the nextCursor of a previous page.", field: "cursor" });
    const result = await callDoor(api.runtime.status.agents, keyHash, { limit, ...(cursor !== null ? { after: Number(cursor) } : {}) });
    return respond(result, (value, headers) => json(value, 200, headers));
  });
}
