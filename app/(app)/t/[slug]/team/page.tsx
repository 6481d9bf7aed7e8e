import type { Metadata } from "next";
import { NoAccess } from "@/components/shared/no-access";
import { TeamClient } from "@/components/portal/team/team-client";
import { api } from "@/convex/_generated/api";
import { identityMode } from "@/lib/server/auth";
import { can } from "@/lib/domain/permissions";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Team" };

// GET /t/[slug]/team: members and roles; invitations for owners and admins.
export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, allowed } = await pageTenant(params, "team.read");
  if (!allowed) return <NoAccess what="the team" needs="viewer" />;
  const [members, pending] = await Promise.all([
    preload(api.portal.team.members, { slug: tenant.slug }),
    can(tenant.role, "team.manage") ? preload(api.portal.invitations.invites.pending, { slug: tenant.slug }) : Promise.resolve(null),
  ]);
  return <TeamClient mode={identityMode()} members={members} pending={pending} />;
}
