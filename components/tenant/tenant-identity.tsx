"use client";

import { useQuery } from "convex/react";
import { api } from "@/convex/_generated/api";
import { PlanBadge, RoleBadge, TenantStatusBadge } from "./tenant-badges";
import { useTenant } from "./tenant-context";

type Summary = { slug: string; name: string; plan: string; status: string; role: string };

/** The sidebar's workspace name, status and plan, kept live (a rename or suspension shows at once). */
export function TenantIdentity() {
  const initial = useTenant();
  const live = useQuery(api.account.tenants.getBySlug, { slug: initial.slug });
  return <IdentityView tenant={live ?? initial} />;
}

export function IdentityView({ tenant }: { tenant: Summary }) {
  return (
    <div className="flex items-center gap-3 lg:flex-col lg:items-start">
      <div
        className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-base font-semibold text-primary"
        aria-hidden="true"
      >
        {tenant.name.charAt(0)}
      </div>
      <div className="min-w-0 space-y-1.5">
        <h1 className="truncate font-semibold tracking-tight" title={tenant.name}>
          {tenant.name}
        </h1>
        <div className="flex flex-wrap gap-1.5">
          <TenantStatusBadge status={tenant.status} />
          <PlanBadge plan={tenant.plan} />
        </div>
      </div>
    </div>
  );
}

export function RoleLine() {
  const { role } = useTenant();
  return (
    <p className="hidden items-center gap-2 text-xs text-muted-foreground lg:flex">
      Your role <RoleBadge role={role} />
    </p>
  );
}
