import { notFound } from "next/navigation";
import type * as React from "react";
import { PlanBadge, TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { TenantNav } from "@/components/tenant/tenant-nav";
import { requireSession } from "@/lib/auth";
import { getTenantForUser } from "@/lib/tenancy";

/**
 * Everything under /t/[slug]. Re-checks the session, then asks Convex for the tenant as
 * this user. Unknown slug and "not a member" both come back null and both call
 * notFound(): the same 404 page, so nobody learns which tenants exist.
 */
export default async function TenantLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  await requireSession();
  const { slug } = await params;
  const tenant = await getTenantForUser(slug);
  if (!tenant) notFound();

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex size-11 items-center justify-center rounded-lg bg-primary/10 text-lg font-semibold text-primary">
          {tenant.name.charAt(0)}
        </div>
        <div className="min-w-0">
          <p className="text-xs font-medium tracking-wide text-muted-foreground uppercase">Tenant</p>
          <h1 className="truncate text-xl font-semibold tracking-tight">{tenant.name}</h1>
        </div>
        <div className="ml-auto flex gap-2">
          <TenantStatusBadge status={tenant.status} />
          <PlanBadge plan={tenant.plan} />
        </div>
      </div>
      <TenantNav slug={tenant.slug} role={tenant.role} />
      {children}
    </div>
  );
}
