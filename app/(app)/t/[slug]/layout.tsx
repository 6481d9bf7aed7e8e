import { notFound, redirect } from "next/navigation";
import type * as React from "react";
import { QuietBoundary } from "@/components/tenant/quiet-boundary";
import { IdentityView, RoleLine, TenantIdentity } from "@/components/tenant/tenant-identity";
import { TenantProvider } from "@/components/tenant/tenant-context";
import { TenantNav } from "@/components/tenant/tenant-nav";
import { RestrictionBanner } from "@/components/tenant/restriction-banner";
import { RateLimitBanner } from "@/components/portal/api-limits/rate-limit-banner";
import { requireSession } from "@/lib/server/auth";
import { movedTo } from "@/lib/server/portal/moved";
import { getTenantForUser } from "@/lib/server/tenancy";
import { ViewAsBanner } from "@/components/admin/view-as-banner";
import { recordDeniedPage } from "@/lib/server/denied-attempts";
import { assertWorkspacePageExists } from "@/lib/server/portal/page-exists";

/**
 * Everything under /t/[slug]. Re-checks the session, then asks Convex for the tenant as
 * this user. Unknown slug and "not a member" both come back null and both call
 * notFound(): the same 404 page, so nobody learns which tenants exist. Two exceptions,
 * each only for people entitled to know: members following a renamed slug are
 * redirected, and the owner of a deleted workspace is sent to its restore page.
 * The tenant found here is handed to client components through TenantProvider
 * (useTenant/useCan), so they need no slug or role props; the page's own lookup
 * (pageTenant) is the same memoized call, not a second one. The requested page (and the
 * agent or invoice it names) is checked here too, so a wrong address answers HTTP 404.
 */
export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  await requireSession();
  const { slug } = await params;
  const tenant = await getTenantForUser(slug);
  if (!tenant) {
    const target = /^[a-z0-9-]{1,64}$/.test(slug) ? await movedTo(slug) : null;
    if (target) redirect(target);
    await recordDeniedPage(slug);
    notFound();
  }
  // Before the loading boundary below starts the response: an address inside the workspace that names nothing is a 404 too.
  await assertWorkspacePageExists(tenant);

  // Only what the client needs, picked by name: nothing else of the reply reaches the browser.
  const current = {
    slug: tenant.slug,
    name: tenant.name,
    plan: tenant.plan,
    status: tenant.status,
    role: tenant.role,
    viaStaff: tenant.viaStaff === true,
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
