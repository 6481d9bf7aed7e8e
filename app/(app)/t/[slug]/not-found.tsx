"use client";

import { AreaNotFound } from "@/components/shared/area-not-found";
import { useTenant } from "@/components/tenant/tenant-context";

/**
 * A 404 inside a workspace the visitor belongs to (an agent that was deleted, a mistyped
 * sub-page): it renders inside the workspace's layout, so the side navigation stays, and
 * leads back to the workspace's overview. Unknown workspaces and workspaces the visitor is
 * not a member of never get here: the layout's notFound() renders the app-wide page.
 */
export default function WorkspaceNotFound() {
  const tenant = useTenant();
  return (
    <AreaNotFound
      title={`Page not found in ${tenant.name}`}
      description="This page does not exist in this workspace, or what it showed was deleted. Everything else is in the menu."
      back={{ href: `/t/${tenant.slug}`, label: "Back to the workspace overview" }}
      other={{ href: `/t/${tenant.slug}/agents`, label: "Agents" }}
    />
  );
}
