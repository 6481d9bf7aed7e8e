"use server";

import { identityMode, requireSession } from "@/lib/server/auth";
import { createClerkOrganization } from "@/lib/server/portal/directory";
import { getTenantForUser } from "@/lib/server/tenancy";

/**
 * Cloud mode, after onboarding created the tenant: the matching Clerk organization.
 * Only the tenant's owner may ask (a server action is a public endpoint).
 */
export async function createOrganization(slug: string): Promise<{ ok: true } | { ok: false; message: string }> {
  await requireSession();
  if (identityMode() !== "clerk") return { ok: true };
  const tenant = await getTenantForUser(slug);
  if (!tenant || tenant.role !== "owner") return { ok: false, message: "Only the workspace's owner can do this." };
  return createClerkOrganization(tenant.name, tenant.slug);
}
