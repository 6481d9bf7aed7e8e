import "server-only";
import http from "node:http";
import https from "node:https";
import { ConvexHttpClient } from "convex/browser";
import { fetchMutation, fetchQuery, preloadQuery } from "convex/nextjs";
import type { Preloaded } from "convex/react";
import { getFunctionName, makeFunctionReference, type FunctionArgs, type FunctionReference, type FunctionReturnType } from "convex/server";
import { getEnv } from "@/lib/server/env";
import { timeCall } from "@/lib/server/admin-api/timings";
import {
  createKeyRouter,
  createTenantRouter,
  type KeyRecord,
  type KeyRouter,
  type RouteRecord,
  type TenantRouter,
} from "@/lib/server/scaling/routing";

/**
 * The Next server's one way to call Convex. Two identities:
 * - `asUser(token)`: as the signed-in person (their Convex token), through convex/nextjs,
 *   so tenant functions see who asks; `preload` hands a page's first answer to a live query.
 *   Calls of the tenant portal (`portal/*` with a `slug`) go to that tenant's deployment
 *   (`tenantRouter()`, lib/server/scaling/routing.ts); everything else to the control plane.
 * - `systemConvex(url, secret)`: as the server itself, with the shared system secret
 *   (TENANTRY_SYSTEM_SECRET) in the arguments, which systemMutation and the API-key door check.
 * Failed calls are read with lib/server/convex/errors.ts (appErrorOf, BackendError).
 */
type Query = FunctionReference<"query">;
type Mutation = FunctionReference<"mutation">;

export type UserConvex = {
  query<Q extends Query>(ref: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q>>;
  mutation<M extends Mutation>(ref: M, args: FunctionArgs<M>): Promise<FunctionReturnType<M>>;
  preload<Q extends Query>(ref: Q, args: FunctionArgs<Q>): Promise<Preloaded<Q>>;
};

type Options = { token: string; url: string };
type Call<T extends "query" | "mutation"> = <F extends FunctionReference<T>>(
  r: F,
  a: FunctionArgs<F>,
  o: Options,
) => Promise<FunctionReturnType<F>>;

/**
 * Calls as the person behind `token`. With `url`, every call goes there. Without it, a
 * tenant portal call goes to the tenant's placement and the rest to the control plane:
 * the tenant list, account, billing and the admin console are control-plane data, and
 * their functions live outside `portal/`.
 */
export function asUser(token: string, url?: string): UserConvex {
  const on = <T>(ref: FunctionReference<"query" | "mutation">, args: object, run: (url: string) => Promise<T>): Promise<T> =>
    url !== undefined ? run(url) : routeOf(ref, args, run);
  const options = (u: string): Options => ({ token, url: u });
  // convex/nextjs types its rest arguments per reference; a generic reference cannot be narrowed through them.
  return {
    // timeCall: per-tenant timings for `tenantry debug slow-queries` (buffered, flushed off the request path).
    query: (ref, args) =>
      timeCall(
        ref,
        args,
        on(ref, args, (u) => (fetchQuery as Call<"query">)(ref, args, options(u))),
      ),
    mutation: (ref, args) =>
      timeCall(
        ref,
        args,
        on(ref, args, (u) => (fetchMutation as Call<"mutation">)(ref, args, options(u))),
      ),
    preload: (ref, args) =>
      on(ref, args, (u) =>
        (preloadQuery as <Q extends Query>(r: Q, a: FunctionArgs<Q>, o: Options) => Promise<Preloaded<Q>>)(ref, args, options(u)),
      ),
  };
}

/** A tenant portal function (its module under convex/portal/) called with the tenant's slug: routed to the placement. */
function tenantSlugOf(ref: FunctionReference<"query" | "mutation">, args: object): string | null {
  const slug = (args as { slug?: unknown }).slug;
  return typeof slug === "string" && getFunctionName(ref).startsWith("portal/") ? slug : null;
}

function routeOf<T>(ref: FunctionReference<"query" | "mutation">, args: object, run: (url: string) => Promise<T>): Promise<T> {
  const slug = tenantSlugOf(ref, args);
  return slug === null ? run(getEnv().convex.url) : tenantRouter().routed(slug, run);
}

const routeRef = makeFunctionReference<"query", { slug: string; secret: string }, RouteRecord>("platform/routing:route");
const ROUTER = Symbol.for("tenantry.scaling.tenantRouter");

/**
 * The process's tenant router: routes read from the control plane with the system secret,
 * cached a few seconds (see routing.ts for the cost and the retry). Without a system secret
 * nothing can be placed off the control plane (the provisioner and the move engine need
 * it), so every tenant resolves to the control plane without a lookup.
 */
export function tenantRouter(): TenantRouter {
  const store = globalThis as Record<symbol, TenantRouter | undefined>;
  const { convex, systemSecret } = getEnv();
  return (store[ROUTER] ??= createTenantRouter({
    controlUrl: convex.url,
    lookup: systemSecret === null ? async () => null : routeLookup(convex.url, systemSecret),
  }));
}

/** Reads a tenant's route from the control plane at `controlUrl` (platform/routing:route, one keep-alive client). */
export function routeLookup(controlUrl: string, secret: string): (slug: string) => Promise<RouteRecord> {
  const system = systemConvex(controlUrl, secret);
  return (slug) => system.query(routeRef, { slug });
}

const routeKeyRef = makeFunctionReference<"query", { keyPrefix: string; secret: string }, KeyRecord>("platform/routing:routeKey");
const KEY_ROUTER = Symbol.for("tenantry.scaling.keyRouter");

/**
 * The process's API-key router (the runtime API and MCP): key -> tenant from the control
 * plane's key index, then the tenant router above. Without a system secret the API cannot
 * run at all (lib/server/api/convex.ts says so).
 */
export function keyRouter(): KeyRouter {
  const store = globalThis as Record<symbol, KeyRouter | undefined>;
  const { convex, systemSecret } = getEnv();
  return (store[KEY_ROUTER] ??= createKeyRouter({
    controlUrl: convex.url,
    tenants: tenantRouter(),
    lookup: systemSecret === null ? async () => null : keyLookup(convex.url, systemSecret),
  }));
}

/** Reads which tenant a key belongs to, and its route, from the control plane's key index (platform/routing:routeKey). */
export function keyLookup(controlUrl: string, secret: string): (keyPrefix: string) => Promise<KeyRecord> {
  const system = systemConvex(controlUrl, secret);
  return (keyPrefix) => system.query(routeKeyRef, { keyPrefix });
}

type SystemMutation = FunctionReference<"mutation", "public", { secret: string }>;
type SystemQuery = FunctionReference<"query", "public", { secret: string }>;

export type SystemConvex = {
  mutation<F extends SystemMutation>(ref: F, args: Omit<FunctionArgs<F>, "secret">): Promise<FunctionReturnType<F>>;
  query<F extends SystemQuery>(ref: F, args: Omit<FunctionArgs<F>, "secret">): Promise<FunctionReturnType<F>>;
};

/**
 * One HTTP client per deployment for the process: it carries no user's identity (the
 * secret travels in the arguments), and `skipQueue` lets concurrent webhook deliveries and
 * API requests overlap instead of waiting on the client's in-order queue. It talks plain
 * node:http with keep-alive rather than the global fetch, which Next wraps with caching
 * and tracing that a webhook's or the runtime API's hot path does not need.
 */
const CLIENTS = Symbol.for("tenantry.billing.systemConvexClients");
const clients = ((globalThis as Record<symbol, Map<string, ConvexHttpClient> | undefined>)[CLIENTS] ??= new Map());

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/**
 * Just enough fetch for ConvexHttpClient's POSTs. A request that cannot reach the
 * deployment fails as fetch does (TypeError "fetch failed"), so an unreachable Convex
 * reads the same whichever client was used (isUnreachable, BackendError).
 *
 * A kept-alive socket can be closed by the server just as a request goes out on it (its idle
 * timer and our reuse race); the request then dies with ECONNRESET before the server read it.
 * Node's documented answer is to retry once on a fresh socket when `reusedSocket` is set,
 * and only before any response arrived: the server never saw that request.
 */
export const nodeFetch = (async (input: string | URL, init?: RequestInit) => {
  const url = new URL(String(input));
  const lib = url.protocol === "https:" ? https : http;
  const body = typeof init?.body === "string" ? init.body : undefined;
  const headers = {
    ...(init?.headers as Record<string, string>),
    ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
  };
  const attempt = (agent: http.Agent | false, retried: boolean): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      let answered = false;
      const req = lib.request(url, { method: init?.method ?? "GET", headers, agent }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: res.headers as Record<string, string> })),
        );
        res.on("error", reject);
      });
      req.on("error", (cause: NodeJS.ErrnoException) => {
        if (!retried && !answered && req.reusedSocket && (cause.code === "ECONNRESET" || cause.code === "EPIPE")) {
          resolve(attempt(agent, true));
        } else reject(new TypeError("fetch failed", { cause }));
      });
      req.end(body);
    });
  return attempt(url.protocol === "https:" ? agents.https : agents.http, false);
}) as typeof fetch;

function clientFor(url: string): ConvexHttpClient {
  let client = clients.get(url);
  if (!client) {
    client = new ConvexHttpClient(url, { logger: false, fetch: nodeFetch });
    clients.set(url, client);
  }
  return client;
}

/** Calls as the server itself: `secret` is added to every call's arguments. */
export function systemConvex(url: string, secret: string): SystemConvex {
  const client = clientFor(url);
  return {
    // The generic F cannot be narrowed through the client's argument types; each call site is checked against SystemConvex.
    mutation: (ref, args) =>
      timeCall(
        ref,
        args,
        (client.mutation as (r: SystemMutation, a: object, o: { skipQueue: boolean }) => Promise<never>)(
          ref,
          { ...args, secret },
          { skipQueue: true },
        ),
      ),
    query: (ref, args) => timeCall(ref, args, (client.query as (r: SystemQuery, a: object) => Promise<never>)(ref, { ...args, secret })),
  };
}
