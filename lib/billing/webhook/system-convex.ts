import "server-only";
import { ConvexHttpClient } from "convex/browser";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";

/**
 * Convex system mutations as the Next server calls them: with the shared
 * system secret (TENANTRY_SYSTEM_SECRET) that systemMutation checks. One HTTP
 * client per deployment for the process: it carries no user's identity (the
 * secret travels in the arguments), and `skipQueue` lets concurrent webhook
 * deliveries overlap instead of waiting on the client's in-order queue.
 */
type SystemMutation = FunctionReference<"mutation", "public", { secret: string }>;

export type SystemConvex = {
  mutation<F extends SystemMutation>(ref: F, args: Omit<FunctionArgs<F>, "secret">): Promise<FunctionReturnType<F>>;
};

const CLIENTS = Symbol.for("tenantry.billing.systemConvexClients");
const clients = ((globalThis as Record<symbol, Map<string, ConvexHttpClient> | undefined>)[CLIENTS] ??= new Map());

function clientFor(url: string): ConvexHttpClient {
  let client = clients.get(url);
  if (!client) {
    client = new ConvexHttpClient(url, { logger: false });
    client.setFetchOptions({ cache: "no-store" });
    clients.set(url, client);
  }
  return client;
}

export function systemConvex(url: string, secret: string): SystemConvex {
  const client = clientFor(url);
  return {
    // The generic F cannot be narrowed through the client's argument types; each call site above is checked.
    mutation: (ref, args) => (client.mutation as (r: SystemMutation, a: object, o: { skipQueue: boolean }) => Promise<never>)(ref, { ...args, secret }, { skipQueue: true }),
  };
}
