import "server-only";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { ConvexHttpClient } from "convex/browser";
import { keyRouter, nodeFetch, systemConvex } from "@/lib/server/convex/gateway";
import { getEnv } from "@/lib/server/env";
import type { ApiResult } from "@/convex/lib/apiDoor";

/**
 * Calls a runtime function through the API-key door (convex/lib/apiDoor.ts)
 * with the shared system secret and the key's hash, on the gateway's system
 * client (one per process, mutation queue skipped: requests of different
 * runtimes run side by side, not one after another), on the deployment of the
 * key's tenant (issue 20: the gateway's keyRouter, lib/server/scaling/routing.ts).
 * The runtime API and MCP both come through here.
 */
type DoorArgs = { secret: string; keyHash: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any door function: args and value are read off the reference
type DoorRef = FunctionReference<"mutation", "public", DoorArgs & Record<string, any>, ApiResult<any>>;

export async function callDoor<Ref extends DoorRef>(
  ref: Ref,
  keyHash: string,
  args: Omit<FunctionArgs<Ref>, keyof DoorArgs>,
): Promise<FunctionReturnType<Ref>> {
  const { systemSecret: secret } = getEnv();
  // A deployment without the secret cannot serve the API at all: that is our misconfiguration, a 500.
  if (!secret) throw new Error("TENANTRY_SYSTEM_SECRET is not set, so /api/v1 cannot reach Convex (npm start sets it).");
  return keyRouter().routed<FunctionReturnType<Ref>>(
    keyHash,
    (url) => systemConvex(url, secret).mutation(ref, { ...args, keyHash } as Omit<FunctionArgs<Ref>, "secret">),
    refusalCode,
  );
}

/**
 * The door answers refusals as values; the key router reads the two that can mean the tenant
 * moved away from the deployment asked (its key row gone, or its rows frozen). Others, a
 * missing memory's NOT_FOUND among them, are the answer and cost no registry read.
 */
const refusalCode = (result: ApiResult<unknown>) =>
  !result.ok && (result.error.code === "UNAUTHENTICATED" || result.error.code === "TENANT_MOVING") ? result.error.code : undefined;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any door action: args and value are read off the reference
type DoorActionRef = FunctionReference<"action", "public", DoorArgs & Record<string, any>, ApiResult<any>>;
const ACTION_CLIENTS = new Map<string, ConvexHttpClient>();

/** The same for an action behind the door (vector recall): the action passes the door itself, first. */
export async function callDoorAction<Ref extends DoorActionRef>(
  ref: Ref,
  keyHash: string,
  args: Omit<FunctionArgs<Ref>, keyof DoorArgs>,
): Promise<FunctionReturnType<Ref>> {
  const { systemSecret: secret } = getEnv();
  if (!secret) throw new Error("TENANTRY_SYSTEM_SECRET is not set, so /api/v1 cannot reach Convex (npm start sets it).");
  return keyRouter().routed<FunctionReturnType<Ref>>(
    keyHash,
    (url) => {
      let client = ACTION_CLIENTS.get(url);
      // The gateway's keep-alive node:http fetch, as systemConvex uses: the global fetch (undici) cost about a
      // tenth of a vector recall's CPU.
      if (!client) ACTION_CLIENTS.set(url, (client = new ConvexHttpClient(url, { logger: false, fetch: nodeFetch })));
      return client.action(ref as FunctionReference<"action">, { ...args, keyHash, secret }) as Promise<FunctionReturnType<Ref>>;
    },
    refusalCode,
  );
}
