import "server-only";
import { ConvexHttpClient } from "convex/browser";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { getEnv } from "@/lib/server/env";
import type { ApiResult } from "@/convex/lib/apiDoor";

/**
 * Calls a runtime function through the API-key door (convex/lib/apiDoor.ts)
 * with the shared system secret and the key's hash. One HTTP client per
 * process, with the mutation queue skipped: requests of different runtimes
 * must run side by side, not one after another.
 */
let client: { url: string; http: ConvexHttpClient } | undefined;

function http(): ConvexHttpClient {
  const { url } = getEnv().convex;
  if (client?.url !== url) client = { url, http: new ConvexHttpClient(url, { logger: false }) };
  return client.http;
}

type DoorArgs = { secret: string; keyHash: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any door function: args and value are read off the reference
type DoorRef = FunctionReference<"mutation", "public", DoorArgs & Record<string, any>, ApiResult<any>>;

export async function callDoor<Ref extends DoorRef>(
  ref: Ref,
  keyHash: string,
  args: Omit<FunctionArgs<Ref>, keyof DoorArgs>,
): Promise<FunctionReturnType<Ref>> {
  const secret = getEnv().systemSecret;
  // A deployment without the secret cannot serve the API at all: that is our misconfiguration, a 500.
  if (!secret) throw new Error("TENANTRY_SYSTEM_SECRET is not set, so /api/v1 cannot reach Convex (npm start sets it).");
  return http().mutation(ref as FunctionReference<"mutation">, { ...args, secret, keyHash }, { skipQueue: true });
}
