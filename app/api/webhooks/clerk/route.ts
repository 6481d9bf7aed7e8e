// POST /api/webhooks/clerk: Clerk's directory events (Svix-signed) mirrored into Convex.
// The signature is checked on the raw body before anything is parsed; each event is
// applied once by its Svix id, so Clerk's retries are harmless.
import { makeFunctionReference } from "convex/server";
import { Webhook } from "svix";
import { systemConvex } from "@/lib/server/convex/gateway";
import { getEnv } from "@/lib/server/env";

const apply = makeFunctionReference<
  "mutation",
  { secret: string; eventId: string; type: string; data: unknown; created: number },
  { outcome: string }
>("webhooks/clerk:apply");

const json = (status: number, body: unknown) => Response.json(body, { status });

export async function POST(request: Request): Promise<Response> {
  const env = getEnv();
  if (env.identity.kind !== "clerk") return json(404, { code: "NOT_FOUND", message: "Clerk is not configured." });
  if (!env.systemSecret) return json(503, { code: "UNAVAILABLE", message: "TENANTRY_SYSTEM_SECRET is not set." });
  const body = await request.text();
  const headers = Object.fromEntries(["svix-id", "svix-timestamp", "svix-signature"].map((h) => [h, request.headers.get(h) ?? ""]));
  let event: { type: string; data: unknown; timestamp?: number };
  try {
    new Webhook(env.identity.webhookSigningSecret).verify(body, headers);
    event = JSON.parse(body);
  } catch {
    return json(400, { code: "INVALID", message: "Invalid or missing webhook signature." });
  }
  const result = await systemConvex(env.convex.url, env.systemSecret).mutation(apply, {
    eventId: headers["svix-id"],
    type: event.type,
    data: event.data,
    created: event.timestamp ?? Date.now(),
  });
  return json(200, { received: true, outcome: result.outcome });
}
