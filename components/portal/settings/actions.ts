"use server";

import { identityMode, requireSession } from "@/lib/server/auth";
import { can } from "@/lib/domain/permissions";
import { updateClerkOrganization } from "@/lib/server/portal/directory";
import { getTenantForUser } from "@/lib/server/tenancy";

/**
 * Cloud mode, after Convex saved a new name or URL name: the same change on the Clerk
 * organization, so Clerk's webhooks do not bring the old values back and /t/<slug> keeps
 * activating the right organization. `slug` is the workspace's URL name after the change.
 */
export async function syncOrganization(slug: string, previousSlug?: string): Promise<{ ok: true } | { ok: false; message: string }> {
  await requireSession();
  if (identityMode() !== "clerk") return { ok: true };
  const tenant = await getTenantForUser(slug);
  if (!tenant || !can(tenant.role, "settings.manage")) return { ok: false, message: "You cannot change this workspace's settings." };
  return updateClerkOrganization(previousSlug ?? slug, { name: tenant.name, ...(previousSlug ? { slug: tenant.slug } : {}) });
}
