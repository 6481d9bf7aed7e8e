"use server";

import { identityMode, requireSession } from "@/lib/server/auth";
import { sendClerkInvitation } from "@/lib/server/portal/directory";
import { can, isRole } from "@/lib/domain/permissions";
import { getTenantForUser } from "@/lib/server/tenancy";

/**
 * Cloud mode: the Clerk organization invitation (Clerk sends the email, and its
 * membership webhook adds the member). Re-checks who is asking: a server action is
 * a public endpoint. Local mode has nothing to send.
 */
export async function sendOrganizationInvitation(
  slug: string,
  email: string,
  role: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  await requireSession();
  if (identityMode() !== "clerk") return { ok: true };
  const tenant = await getTenantForUser(slug);
  if (!tenant || !can(tenant.role, "team.manage") || !isRole(role))
    return { ok: false, message: "You cannot invite people to this workspace." };
  return sendClerkInvitation(slug, email, role);
}
