import type * as React from "react";
import { QuietBoundary } from "@/components/tenant/quiet-boundary";
import { IdentityView, RoleLine, TenantIdentity } from "@/components/tenant/tenant-identity";
import { TenantProvider } from "@/components/tenant/tenant-context";
import { TenantNav } from "@/components/tenant/tenant-nav";
import { RestrictionBanner } from "@/components/tenant/restriction-banner";
import { RateLimitBanner } from "@/components/portal/api-limits/rate-limit-banner";
import { ViewAsBanner } from "@/components/admin/view-as-banner";
import type { TenantSummary } from "@/lib/server/tenancy";

/**
 * The workspace's frame (identity, section navigation, banners) around its content: the
 * layout's, and the 404 for an address inside a workspace (../not-found.tsx), which renders
 * outside this layout because the layout itself answers it.
 */
export function WorkspaceShell({ tenant, children }: { tenant: TenantSummary; children: React.ReactNode }) {
  // Only what the client needs, picked by name: nothing else of the reply reaches the browser.
  const current = {
    slug: tenant.slug,
    name: tenant.name,
    plan: tenant.plan,
    status: tenant.status,
    role: tenant.role,
    viaStaff: tenant.viaStaff === true,
    convexUrl: tenant.convexUrl,
  };
  return (
    <TenantProvider tenant={current}>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-10">
        <aside className="min-w-0 space-y-4 lg:sticky lg:top-20 lg:self-start">
          <QuietBoundary fallback={<IdentityView tenant={current} />}>
            <TenantIdentity />
          </QuietBoundary>
          <TenantNav />
          <RoleLine />
        </aside>
        <div className="min-w-0 space-y-6 outline-none" data-page-content tabIndex={-1}>
          {tenant.viaStaff && <ViewAsBanner slug={tenant.slug} name={tenant.name} />}
          <RestrictionBanner />
          <RateLimitBanner />
          {children}
        </div>
      </div>
    </TenantProvider>
  );
}
