import "server-only";
import http from "node:http";
import https from "node:https";
import { ConvexHttpClient } from "convex/browser";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";

/**
 * Convex system functions as the Next server calls them: with the shared
 * system secret (TENANTRY_SYSTEM_SECRET) that systemMutation checks. One HTTP
 * client per deployment for the process: it carries no user's identity (the
 * secret travels in the arguments), and `skipQueue` lets concurrent webhook
 * deliveries overlap instead of waiting on the client's in-order queue.
 * It talks plain node:http with keep-alive rather than the global fetch, which
 * Next wraps with caching and tracing that a webhook's hot path does not need.
 */
type SystemMutation = FunctionReference<"mutation", "public", { secret: string }>;
type SystemQuery = FunctionReference<"query", "public", { secret: string }>;

export type SystemConvex = {
  mutation<F extends SystemMutation>(ref: F, args: Omit<FunctionArgs<F>, "secret">): Promise<FunctionReturnType<F>>;
  query<F extends SystemQuery>(ref: F, args: Omit<FunctionArgs<F>, "secret">): Promise<FunctionReturnType<F>>;
};

const CLIENTS = Symbol.for("tenantry.billing.systemConvexClients");
const clients = ((globalThis as Record<symbol, Map<string, ConvexHttpClient> | undefined>)[CLIENTS] ??= new Map());

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** Just enough fetch for ConvexHttpClient's POSTs. */
const nodeFetch = (async (input: string | URL, init?: RequestInit) => {
  const url = new URL(String(input));
  const lib = url.protocol === "https:" ? https : http;
  const body = typeof init?.body === "string" ? init.body : undefined;
  const headers = {
    ...(init?.headers as Record<string, string>),
    ...(body !== undefined ? { "Content-Length": String(Buffer.byteLength(body)) } : {}),
  };
  return new Promise<Response>((resolve, reject) => {
    const req = lib.request(
      url,
      { method: init?.method ?? "GET", headers, agent: url.protocol === "https:" ? agents.https : agents.http },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: res.headers as Record<string, string> })),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}) as typeof fetch;

function clientFor(url: string): ConvexHttpClient {
  let client = clients.get(url);
  if (!client) {
    client = new ConvexHttpClient(url, { logger: false, fetch: nodeFetch });
    clients.set(url, client);
  }
  return client;
}

export function systemConvex(url: string, secret: string): SystemConvex {
  const client = clientFor(url);
  return {
    // The generic F cannot be narrowed through the client's argument types; each call site above is checked.
    mutation: (ref, args) =>
      (client.mutation as (r: SystemMutation, a: object, o: { skipQueue: boolean }) => Promise<never>)(
        ref,
        { ...args, secret },
        { skipQueue: true },
      ),
    query: (ref, args) => (client.query as (r: SystemQuery, a: object) => Promise<never>)(ref, { ...args, secret }),
  };
}
