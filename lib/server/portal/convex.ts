import "server-only";
import { ConvexError } from "convex/values";
import { fetchMutation, fetchQuery, preloadQuery } from "convex/nextjs";
import { api } from "@/convex/_generated/api";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import type { Preloaded } from "convex/react";
import { notFound } from "next/navigation";
import { getConvexToken } from "@/lib/server/auth";
import { BackendError } from "@/lib/server/backend-error";
import { getEnv } from "@/lib/server/env";

/**
 * Server-side Convex calls for portal pages: as the signed-in user, with the
 * tenant door's NOT_FOUND turned into Next's 404 (so a tenant deleted, renamed
 * or left between the layout's check and this call answers like any unknown URL).
 */
type Query = FunctionReference<"query">;

async function options() {
  const token = await getConvexToken();
  if (!token) notFound();
  return { token, url: getEnv().convex.url };
}

function rethrow(error: unknown): never {
  if (error instanceof ConvexError && (error.data as { code?: string } | null)?.code === "NOT_FOUND") notFound();
  throw BackendError.from(error, getEnv().convex.url);
}

export async function preload<Q extends Query>(query: Q, args: FunctionArgs<Q>): Promise<Preloaded<Q>> {
  const opts = await options();
  try {
    return await (preloadQuery as (q: Q, a: FunctionArgs<Q>, o: typeof opts) => Promise<Preloaded<Q>>)(query, args, opts);
  } catch (error) {
    rethrow(error);
  }
}

export async function fetchAs<Q extends Query>(query: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q>> {
  const opts = await options();
  try {
    return await (fetchQuery as (q: Q, a: FunctionArgs<Q>, o: typeof opts) => Promise<FunctionReturnType<Q>>)(query, args, opts);
  } catch (error) {
    rethrow(error);
  }
}

/**
 * Creates the caller's directory row if this is their first visit (a new email signing in
 * locally, or Clerk before its webhook): user-level functions refuse callers without one.
 */
export async function ensureUser(): Promise<void> {
  const opts = await options();
  try {
    await (fetchMutation as (m: typeof api.account.users.ensureMe, a: Record<string, never>, o: typeof opts) => Promise<unknown>)(
      api.account.users.ensureMe,
      {},
      opts,
    );
  } catch (error) {
    rethrow(error);
  }
}

/** Like fetchAs, but "no such thing" and "no directory row yet" (a first visit) both read as null. */
export async function fetchAsOrNull<Q extends Query>(query: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q> | null> {
  const token = await getConvexToken();
  if (!token) return null;
  try {
    return await (fetchQuery as (q: Q, a: FunctionArgs<Q>, o: object) => Promise<FunctionReturnType<Q>>)(query, args, {
      token,
      url: getEnv().convex.url,
    });
  } catch (error) {
    const code = error instanceof ConvexError ? (error.data as { code?: string } | null)?.code : undefined;
    if (code === "NOT_FOUND" || code === "UNAUTHENTICATED") return null;
    throw BackendError.from(error, getEnv().convex.url);
  }
}
