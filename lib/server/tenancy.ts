import "server-only";
import { makeFunctionReference } from "convex/server";
import { cache } from "react";
import { z } from "zod";
import { getConvexToken } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import { asUser, tenantRouter } from "@/lib/server/convex/gateway";
import { appErrorOf, BACKEND_AUTH_REJECTED, BackendError } from "@/lib/server/convex/errors";
import { ROLES, type Role } from "@/lib/domain/permissions";

/**
 * The app's tenancy port: the only place pages ask Convex about tenants. The Convex side
 * (tenancy-core) implements these through its tenant wrapper:
 * - `account/tenants:getBySlug({ slug })` -> TenantSummary, or null / ConvexError{code:"NOT_FOUND"}
 *   when the tenant does not exist OR the caller is not a member (indistinguishable);
 * - `account/tenants:listMine({})` -> TenantSummary[] for the caller's memberships;
 * - `account/users:ensureMe({})` creates the caller's directory row on first use.
 * References are built by name so this compiles before codegen; replies are validated
 * with zod because such references are untyped.
 */
/** Tenant roles are the permissions module's list (re-exported under the port's names). */
export const TENANT_ROLES = ROLES;
export type TenantRole = Role;

export const tenantSummarySchema = z.object({
  _id: z.string(),
  slug: z.string(),
  name: z.string(),
  /** Plan id from the plans module (free, starter, pro, enterprise...). */
  plan: z.string(),
  /** Lifecycle status (active, trial, suspended, ...). */
  status: z.string(),
  /** The caller's role in this tenant. */
  role: z.enum(TENANT_ROLES),
  /** Platform staff reading a tenant they are not a member of ("view as tenant", read-only). */
  viaStaff: z.boolean().optional(),
});
export type TenantSummary = z.infer<typeof tenantSummarySchema> & {
  /** The deployment that holds this tenant (its placement's URL, lib/server/scaling/routing.ts): the browser's live client for its pages connects there. */
  convexUrl?: string;
};

const getBySlug = makeFunctionReference<"query", { slug: string }, unknown>("account/tenants:getBySlug");
const listMine = makeFunctionReference<"query", Record<string, never>, unknown>("account/tenants:listMine");
const ensureMe = makeFunctionReference<"mutation", Record<string, never>, unknown>("account/users:ensureMe");

/** Lower-case words joined by single hyphens; anything else cannot be a tenant. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The tenant behind `slug` if the signed-in user is a member; null for "no such tenant",
 * "not a member" and "signed out" alike, so callers answer all three with the same 404.
 * Memoized per request: the tenant layout and its pages share one Convex call.
 */
export const getTenantForUser = cache(async (slug: string): Promise<TenantSummary | null> => {
  if (!SLUG.test(slug) || slug.length > 64) return null;
  const token = await getConvexToken();
  if (!token) return null;
  // The tenant's own deployment answers (its placement); the URL that answered is the one its pages' live client uses.
  let convexUrl: string | undefined;
  const reply = await call(() =>
    tenantRouter().routed(slug, (placed) => {
      convexUrl = placed;
      return asUser(token, placed).query(getBySlug, { slug });
    }),
  );
  return reply === null ? null : { ...tenantSummarySchema.parse(reply), convexUrl };
});

/** Every tenant the signed-in user belongs to (empty when signed out): the control plane's list, whatever their placements. */
export async function listTenantsForUser(): Promise<TenantSummary[]> {
  const token = await getConvexToken();
  if (!token) return [];
  const reply = await call((url) => asUser(token, url).query(listMine, {}), token);
  return z.array(tenantSummarySchema).parse(reply ?? []);
}

/**
 * Runs one Convex call: NOT_FOUND becomes null, an unreachable backend a BackendError.
 * With `provisionWith` (a token), an UNAUTHENTICATED answer means Convex accepted the
 * identity but has no directory row for it yet (a new email signing in locally, or Clerk
 * before its webhook arrived): `account/users:ensureMe` creates it, and the call runs once more.
 */
async function call<T>(run: (url: string) => Promise<T>, provisionWith?: string): Promise<T | null> {
  const { url } = getEnv().convex;
  try {
    return await run(url);
  } catch (error) {
    const code = appErrorOf(error)?.code;
    if (code === "NOT_FOUND") return null;
    if (code === "UNAUTHENTICATED" && provisionWith) {
      await call((u) => asUser(provisionWith, u).mutation(ensureMe, {}));
      return call(run);
    }
    if (code === "UNAUTHENTICATED") {
      throw new BackendError(`Convex at ${url} did not accept this app's sign-in token`, BACKEND_AUTH_REJECTED, { cause: error });
    }
    throw BackendError.from(error, url);
  }
}
