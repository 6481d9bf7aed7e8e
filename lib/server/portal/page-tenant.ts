import "server-only";
import { notFound } from "next/navigation";
import { can, type Permission } from "@/lib/domain/permissions";
import { getTenantForUser, type TenantSummary } from "@/lib/server/tenancy";

/**
 * The tenant a portal page renders for, checked again by the page itself
 * (layouts and pages render in parallel, so neither can rely on the other).
 * Not a second Convex call: getTenantForUser is wrapped in React `cache()`, so
 * the layout, generateMetadata and the page share one `account/tenants:getBySlug` per
 * request. Client components get the same tenant from TenantProvider (useTenant).
 * `allowed` says whether the caller's role has the page's permission.
 */
export async function pageTenant(
  params: Promise<{ slug: string }>,
  permission: Permission,
): Promise<{ tenant: TenantSummary; allowed: boolean }> {
  const tenant = await getTenantForUser((await params).slug);
  if (!tenant) notFound();
  return { tenant, allowed: can(tenant.role, permission) };
}
