import "server-only";
import { clerkClient } from "@clerk/nextjs/server";
import { getSession } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import type { Role } from "@/lib/domain/permissions";

/**
 * The directory port's cloud side for the portal: Clerk organizations are tenants.
 * Convex stays the source of truth for the portal; these calls keep Clerk in step and
 * Clerk's webhooks (convex/webhooks/clerk.ts) bring its answers back. Clerk needs the custom
 * organization roles org:owner and org:viewer next to its default org:admin and org:member.
 */
type Outcome = { ok: true } | { ok: false; message: string };

function failure(what: string, error: unknown): Outcome {
  console.error(JSON.stringify({ event: "clerk_call_failed", what, error: error instanceof Error ? error.message : String(error) }));
  return {
    ok: false,
    message: `Saved in Tenantry, but Clerk refused to ${what}. Try again, or check the organization in the Clerk dashboard.`,
  };
}

export async function sendClerkInvitation(slug: string, email: string, role: Role): Promise<Outcome> {
  try {
    const clerk = await clerkClient();
    const organization = await clerk.organizations.getOrganization({ slug });
    await clerk.organizations.createOrganizationInvitation({
      organizationId: organization.id,
      emailAddress: email,
      role: `org:${role}`,
      inviterUserId: (await getSession())?.userId,
      redirectUrl: `${getEnv().appUrl}/t/${slug}`,
    });
    return { ok: true };
  } catch (error) {
    return failure("send the invitation email", error);
  }
}

/** After onboarding created the tenant: the matching Clerk organization (the webhook links them by slug). */
export async function createClerkOrganization(name: string, slug: string): Promise<Outcome> {
  try {
    const session = await getSession();
    if (!session) return { ok: false, message: "Sign in again to finish creating the organization." };
    const clerk = await clerkClient();
    await clerk.organizations.createOrganization({ name, slug, createdBy: session.userId });
    return { ok: true };
  } catch (error) {
    return failure("create the organization", error);
  }
}

/** A rename or new URL name in the portal, carried to the Clerk organization (its slug drives org activation in proxy.ts). */
export async function updateClerkOrganization(currentSlug: string, change: { name?: string; slug?: string }): Promise<Outcome> {
  try {
    const clerk = await clerkClient();
    const organization = await clerk.organizations.getOrganization({ slug: currentSlug });
    await clerk.organizations.updateOrganization(organization.id, change);
    return { ok: true };
  } catch (error) {
    return failure("update the organization", error);
  }
}
