import "server-only";
import { makeFunctionReference } from "convex/server";
import { cache } from "react";
import { z } from "zod";
import { getConvexToken } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import { asUser, systemConvex, tenantRouter } from "@/lib/server/convex/gateway";
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
  const control = getEnv().convex.url;
  const reply = await call(() =>
    tenantRouter().routed(slug, (placed) => {
      convexUrl = placed;
      return asUser(token, placed)
        .query(getBySlug, { slug })
        .catch((error: unknown) => {
          // A placement holds users rows only for its tenants' members (and staff): a person it does not know is
          // not a member there, which is the same 404 as for a stranger on the control plane, not a rejected token.
          if (placed !== control && appErrorOf(error)?.code === "UNAUTHENTICATED") return null;
          throw error;
        });
    }),
  );
  return reply === null ? null : { ...tenantSummarySchema.parse(reply), convexUrl };
});

/**
 * Every tenant the signed-in user belongs to (empty when signed out). A membership lives on its
 * tenant's placement, so the control plane and each registered deployment are asked (in
 * parallel; one query each) and the answers merged, each tenant from the deployment its route
 * names (one cached route read per tenant, only when something is placed off the control plane). A deployment that
 * does not know the person (no users row there) has no tenant of theirs; one that cannot be
 * reached is left out of the list (its tenants still open by URL once it is back) and logged.
 */
export async function listTenantsForUser(): Promise<TenantSummary[]> {
  const token = await getConvexToken();
  if (!token) return [];
  const control = getEnv().convex.url;
  const parse = (reply: unknown) => z.array(tenantSummarySchema).parse(reply ?? []);
  const placements = await placementUrls();
  const [own, ...others] = await Promise.all([
    call((url) => asUser(token, url).query(listMine, {}), token).then(parse),
    ...placements.map((url) =>
      asUser(token, url)
        .query(listMine, {})
        .then(parse)
        .catch((error: unknown) => {
          if (appErrorOf(error)?.code !== "UNAUTHENTICATED")
            console.error(JSON.stringify({ event: "tenant_list_deployment_failed", url, error: String(error) }));
          return [];
        }),
    ),
  ]);
  const answers = [{ url: control, tenants: own }, ...others.map((tenants, i) => ({ url: placements[i], tenants }))];
  if (placements.length === 0) return own;
  // Only the copy on the tenant's placement counts: a move's other copy (before it completes, or left by a failed
  // one) may still hold a membership the placement has removed. Routes are cached (5 s) and shared.
  // One tenant whose route can't be read (mid-registration, a deployment being retired) is left
  // out of the list rather than failing it for every workspace the person belongs to.
  const kept = await Promise.all(
    answers.flatMap((a) =>
      a.tenants.map(async (t) => {
        try {
          return (await tenantRouter().resolve(t.slug)).url === a.url ? t : null;
        } catch (error) {
          console.error(JSON.stringify({ event: "tenant_list_route_failed", slug: t.slug, error: String(error) }));
          return null;
        }
      }),
    ),
  );
  return kept.filter((t) => t !== null).sort((a, b) => a.name.localeCompare(b.name));
}

const deploymentsRef = makeFunctionReference<"query", { secret: string }, { name: string; url: string }[]>("platform/routing:deployments");
let placementCache: { urls: string[]; expires: number } | undefined;

/** The URLs of the registered deployments other than the control plane, read with the system secret and kept 5 s. */
async function placementUrls(): Promise<string[]> {
  const { convex, systemSecret } = getEnv();
  // Without a system secret nothing can be placed off the control plane.
  if (systemSecret === null) return [];
  if (placementCache && placementCache.expires > Date.now()) return placementCache.urls;
  const rows = await systemConvex(convex.url, systemSecret).query(deploymentsRef, {});
  const urls = [...new Set(rows.map((r) => r.url))].filter((u) => u !== convex.url);
  placementCache = { urls, expires: Date.now() + 5_000 };
  return urls;
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
