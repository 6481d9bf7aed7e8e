/**
 * The convex-test-shaped handle of startConvexLocal(): `query`, `mutation`,
 * `action`, `run`, `withIdentity`, `fetch`, `finishAllScheduledFunctions`.
 * Calls with a function reference go through the real `ConvexHttpClient`,
 * authenticated with the deployment's admin key acting as the test identity
 * (what the dashboard's "act as user" does); inline functions
 * (`t.query(async (ctx) => ...)`, `t.mutation`, `t.action`, `t.run`) run
 * in-process as the same identity, and fail the way a client sees a failure:
 * a ConvexError arrives as a ConvexError with its `.data`.
 */
import { ConvexHttpClient } from "convex/browser";
import {
  actionGeneric,
  getFunctionName,
  internalMutationGeneric,
  internalQueryGeneric,
  type FunctionReference,
  type UserIdentity,
} from "convex/server";
import { ConvexError, jsonToConvex, type Value } from "convex/values";
import type { ConvexLocalServer } from "./server";
import { actingAsIdentity } from "./auth";
import type { ConvexFunction } from "./modules";
import { FunctionFailure } from "./errors";

type AnyRef = FunctionReference<"query" | "mutation" | "action", "public" | "internal">;
type Inline = (ctx: any) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type ConvexLocalHandle = {
  url: string;
  siteUrl: string;
  adminKey: string;
  server: ConvexLocalServer;
  query(ref: AnyRef | Inline, args?: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  mutation(ref: AnyRef | Inline, args?: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  action(ref: AnyRef | Inline, args?: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
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

/** What ConvexHttpClient throws for the same failure: a ConvexError (with data) or an Error with the message. */
function asClientError(e: unknown): unknown {
  if (!(e instanceof FunctionFailure)) return e;
  if (e.errorData === undefined) return new Error(e.message);
  const err = new ConvexError<Value>(e.message);
  err.data = jsonToConvex(e.errorData);
  return err;
}

export function handleFor(server: ConvexLocalServer, identity: Partial<UserIdentity> | null): ConvexLocalHandle {
  // Resolved once: a reference call and an inline call of one handle are the same user (same subject).
  const resolved = identity ? actingAsIdentity(identity) : null;
  const client = new ConvexHttpClient(server.url, { logger: false }) as AdminHttpClient;
  client.setAdminAuth(server.adminKey, resolved ?? undefined);
  const rt = server.runtime;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an inline function's value, whatever it returns
  const inline = async (kind: "query" | "mutation" | "action", fn: Inline, label: string): Promise<any> => {
    const builder = kind === "query" ? internalQueryGeneric : kind === "mutation" ? internalMutationGeneric : actionGeneric;
    const wrapped = builder({ handler: fn }) as unknown as ConvexFunction;
    try {
      if (kind === "query") return (await rt.runQueryFunction(wrapped, label, {}, resolved)).value;
      if (kind === "mutation") return (await rt.runMutationFunction(wrapped, label, {}, resolved)).value;
      return (await rt.runActionFunction(wrapped, label, {}, resolved)).value;
    } catch (e) {
      throw asClientError(e);
    }
  };
  const call =
    (kind: "query" | "mutation" | "action") =>
    (ref: AnyRef | Inline, args: Record<string, Value> = {}) =>
      typeof ref === "function" ? inline(kind, ref as Inline, `<inline ${kind}>`) : client.function(getFunctionName(ref), undefined, args);
  return {
    url: server.url,
    siteUrl: server.siteUrl,
    adminKey: server.adminKey,
    server,
    query: call("query"),
    mutation: call("mutation"),
    action: call("action"),
    run: <T>(fn: (ctx: any) => Promise<T>) => inline("mutation", fn, "<t.run>") as Promise<T>, // eslint-disable-line @typescript-eslint/no-explicit-any
    withIdentity: (next) => handleFor(server, next),
    fetch: (path, init) => fetch(new URL(path, server.siteUrl), init),
    finishInProgressScheduledFunctions: () => rt.scheduler.finishInProgress(),
    finishAllScheduledFunctions: (_advance, maxIterations) => rt.scheduler.finishAll(maxIterations),
    close: () => server.close(),
  };
}
