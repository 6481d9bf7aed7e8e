import "server-only";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import type { Preloaded } from "convex/react";
import { notFound } from "next/navigation";
import { api } from "@/convex/_generated/api";
import { getConvexToken } from "@/lib/server/auth";
import { asUser, type UserConvex } from "@/lib/server/convex/gateway";
import { appErrorOf, BackendError } from "@/lib/server/convex/errors";
import { getEnv } from "@/lib/server/env";

/**
 * Server-side Convex calls for portal pages: as the signed-in user, with the
 * tenant door's NOT_FOUND turned into Next's 404 (so a tenant deleted, renamed
 * or left between the layout's check and this call answers like any unknown URL).
 */
type Query = FunctionReference<"query">;

async function user(): Promise<UserConvex> {
  const token = await getConvexToken();
  if (!token) notFound();
  return asUser(token);
}

/** A failed call as pages answer it: the tenant door's NOT_FOUND is Next's 404, anything else a BackendError. */
export function rethrow(error: unknown): never {
  if (appErrorOf(error)?.code === "NOT_FOUND") notFound();
  throw BackendError.from(error, getEnv().convex.url);
}

export async function preload<Q extends Query>(query: Q, args: FunctionArgs<Q>): Promise<Preloaded<Q>> {
  const convex = await user();
  try {
    return await convex.preload(query, args);
  } catch (error) {
    rethrow(error);
  }
}

/** `preload` that hands back its failure instead of throwing it: for a check whose caller decides what a failure means. */
export async function preloadSettled<Q extends Query>(
  query: Q,
  args: FunctionArgs<Q>,
): Promise<{ ok: true; value: Preloaded<Q> } | { ok: false; error: unknown }> {
  const convex = await user();
  try {
    return { ok: true, value: await convex.preload(query, args) };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function fetchAs<Q extends Query>(query: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q>> {
  const convex = await user();
  try {
    return await convex.query(query, args);
  } catch (error) {
    rethrow(error);
  }
}

/**
 * Creates the caller's directory row if this is their first visit (a new email signing in
 * locally, or Clerk before its webhook): user-level functions refuse callers without one.
 */
export async function ensureUser(): Promise<void> {
  const convex = await user();
  try {
    await convex.mutation(api.account.users.ensureMe, {});
  } catch (error) {
    rethrow(error);
  }
}

/** Like fetchAs, but "no such thing" and "no directory row yet" (a first visit) both read as null. */
export async function fetchAsOrNull<Q extends Query>(query: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q> | null> {
  const token = await getConvexToken();
  if (!token) return null;
  try {
    return await asUser(token).query(query, args);
  } catch (error) {
    const code = appErrorOf(error)?.code;
    if (code === "NOT_FOUND" || code === "UNAUTHENTICATED") return null;
    throw BackendError.from(error, getEnv().convex.url);
  }
}
