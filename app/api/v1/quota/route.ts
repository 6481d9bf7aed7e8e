// GET /api/v1/quota: the key's tenant's limits, current use and what happens at each limit.
import { api } from "@/convex/_generated/api";
import { callDoor } from "@/lib/server/api/convex";
import { json, respond, withApiKey } from "@/lib/server/api/respond";

export async function GET(request: Request) {
  return withApiKey(request, "GET /api/v1/quota", async (keyHash) => {
    const result = await callDoor(api.runtime.status.quota, keyHash, {});
    return respond(result, (value, headers) => json(value, 200, headers));
  });
}
