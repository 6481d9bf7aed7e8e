"use client";

import { createContext, useContext, type ReactNode } from "react";
import { ConvexDeploymentProvider } from "@/components/convex/convex-client-provider";
import { can, type Permission, type Role } from "@/lib/domain/permissions";
import { statusAllows } from "@/lib/domain/tenant-status";

/**
 * The workspace a /t/[slug] page is about, as the tenant layout resolved it on the server
 * for this request. Client components read it here instead of taking the slug (and role)
 * as props. It is a snapshot of that one resolution: the live sidebar identity and each
 * page's Convex queries are what stay current.
 */
export type CurrentTenant = {
  slug: string;
  name: string;
  plan: string;
  status: string;
  /** The caller's role in this workspace. */
  role: Role;
  /** Platform staff reading a workspace they are not a member of (read-only). */
  viaStaff: boolean;
  /** The deployment holding this workspace (its placement's URL); absent or the control plane's: the page's own client. */
  convexUrl?: string;
};

const TenantContext = createContext<CurrentTenant | null>(null);

/**
 * Rendered once, by app/(app)/t/[slug]/layout.tsx, around the sidebar and the page. Live
 * queries below it go to the workspace's deployment.
 */
export function TenantProvider({ tenant, children }: { tenant: CurrentTenant; children: ReactNode }) {
  return (
    <TenantContext.Provider value={tenant}>
      <ConvexDeploymentProvider url={tenant.convexUrl}>{children}</ConvexDeploymentProvider>
    </TenantContext.Provider>
  );
}

/** The current workspace; throws when rendered outside a /t/[slug] page (a bug, not a state to handle). */
export function useTenant(): CurrentTenant {
  const tenant = useContext(TenantContext);
  if (!tenant)
    throw new Error(
      "useTenant() was called outside <TenantProvider>: only components under /t/[slug] (the tenant layout) have a current workspace.",
    );
  return tenant;
}

/**
 * Whether the caller's role has `permission` in the current workspace, from the same map
 * Convex uses. Only a hint for what to show: every Convex function checks again.
 */
export function useCan(permission: Permission): boolean {
  const { role, viaStaff } = useTenant();
  // Staff viewing the workspace open every page an owner reads, but are offered only a viewer's actions (all refused anyway).
  return can(viaStaff ? "viewer" : role, permission);
}

/**
 * Whether changes are open in the current workspace right now: its status allows them
 * (lib/domain/tenant-status.ts, the rules Convex enforces) and the caller is not staff
 * viewing as the tenant. Pages show the actions a role has, disabled when this is false,
 * so a suspended workspace looks the same on every page.
 */
export function useChangesOpen(): boolean {
  const { status, viaStaff } = useTenant();
  return statusAllows(status).changes && !viaStaff;
}
