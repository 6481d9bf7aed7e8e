/**
 * convex-local's programmatic entry: `startConvexLocal()` starts a server
 * and returns a handle with convex-test's interface (`query`, `mutation`,
 * `action`, `run`, `withIdentity`, `fetch`, `finishAllScheduledFunctions`),
 * so a test written for convex-test runs against convex-local unchanged.
 * Calls go through the real `convex` HTTP client, authenticated with the
 * deployment's admin key (acting as the test identity, as the dashboard does).
 */
import { ConvexHttpClient } from "convex/browser";
import { getFunctionName, internalMutationGeneric, internalQueryGeneric, type FunctionReference } from "convex/server";
import type { UserIdentity } from "convex/server";
import type { Value } from "convex/values";
import { startConvexServer, type ConvexLocalOptions, type ConvexLocalServer } from "./server";
import { actingAsIdentity } from "./auth";
import type { ConvexFunction } from "./modules";
import { silentLogger } from "./log";

export type { ConvexLocalOptions } from "./server";

type AnyRef = FunctionReference<"query" | "mutation" | "action", "public" | "internal">;
type Inline = (ctx: any) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ConvexLocalHandle = {
  url: string;
  siteUrl: string;
  adminKey: string;
  server: ConvexLocalServer;
  query(ref: AnyRef | Inline, args?: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  mutation(ref: AnyRef | Inline, args?: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  action(ref: AnyRef, args?: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  run<T>(fn: (ctx: any) => Promise<T>): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  withIdentity(identity: Partial<UserIdentity>): ConvexLocalHandle;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  finishInProgressScheduledFunctions(): Promise<void>;
  finishAllScheduledFunctions(advanceTimers?: () => void, maxIterations?: number): Promise<void>;
  close(): Promise<void>;
};

/** The client's admin methods are public at runtime but marked @internal in its types. */
type AdminHttpClient = ConvexHttpClient & {
  setAdminAuth(token: string, actingAsIdentity?: Record<string, unknown>): void;
  function(name: string, componentPath: string | undefined, args: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

function handleFor(server: ConvexLocalServer, identity: Partial<UserIdentity> | null): ConvexLocalHandle {
  const client = new ConvexHttpClient(server.url, { logger: false }) as AdminHttpClient;
  client.setAdminAuth(server.adminKey, identity ? actingAsIdentity(identity) : undefined);
  const rt = server.runtime;
  const resolvedIdentity = identity ? actingAsIdentity(identity) : null;
  const inline = (kind: "query" | "mutation", fn: Inline) => {
    const wrapped = (kind === "query" ? internalQueryGeneric : internalMutationGeneric)({ handler: fn }) as unknown as ConvexFunction;
    return kind === "query"
      ? rt.runQueryFunction(wrapped, "<inline query>", {}, resolvedIdentity).then((r) => r.value)
      : rt.runMutationFunction(wrapped, "<inline mutation>", {}, resolvedIdentity).then((r) => r.value);
  };
  return {
    url: server.url,
    siteUrl: server.siteUrl,
    adminKey: server.adminKey,
    server,
    query: (ref, args = {}) => (typeof ref === "function" ? inline("query", ref) : client.function(getFunctionName(ref), undefined, args)),
    mutation: (ref, args = {}) => (typeof ref === "function" ? inline("mutation", ref) : client.function(getFunctionName(ref), undefined, args)),
    action: (ref, args = {}) => client.function(getFunctionName(ref), undefined, args),
    run: <T>(fn: (ctx: any) => Promise<T>) => inline("mutation", fn) as Promise<T>, // eslint-disable-line @typescript-eslint/no-explicit-any
    withIdentity: (next) => handleFor(server, next),
    fetch: (path, init) => fetch(new URL(path, server.siteUrl), init),
    finishInProgressScheduledFunctions: () => rt.scheduler.finishInProgress(),
    finishAllScheduledFunctions: (_advance, maxIterations) => rt.scheduler.finishAll(maxIterations),
    close: () => server.close(),
  };
}

/** Starts convex-local and returns a convex-test-compatible handle. */
export async function startConvexLocal(options: ConvexLocalOptions = {}): Promise<ConvexLocalHandle> {
  const server = await startConvexServer({ log: silentLogger, ...options });
  return handleFor(server, null);
}
