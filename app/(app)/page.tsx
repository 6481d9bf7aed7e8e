import { ArrowRightIcon, Building2Icon, PlusIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PlanBadge, RoleBadge, TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { Button } from "@/components/ui/button";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { isStaff, requireSession } from "@/lib/server/auth";
import { listTenantsForUser } from "@/lib/server/tenancy";
import { redirect } from "next/navigation";
import { ArchiveRestoreIcon } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { api } from "@/convex/_generated/api";
import { fetchAs } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Your workspaces" };

// GET /: the tenants the signed-in user belongs to. If Convex cannot be reached this
// throws, and app/error.tsx explains how to start it.
export default async function HomePage() {
  const session = await requireSession();
  const tenants = await listTenantsForUser();
  const deleted = await fetchAs(api.portal.lifecycle.deletedForMe, {});
  if (tenants.length === 0 && deleted.length === 0) {
    // Staff work in the admin console; everyone else with no workspace is led into creating one
    // (unless one of theirs awaits restore).
    redirect(isStaff(session) ? "/admin" : "/new");
  }
  const firstName = session.name.split(" ")[0];

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight">Welcome, {firstName}</h1>
          <p className="text-sm text-muted-foreground">Choose a workspace to manage its agents, team, usage and billing.</p>
        </div>
        {tenants.length > 0 && (
          <Button asChild variant="outline">
            <Link href="/new">
              <PlusIcon /> New workspace
            </Link>
          </Button>
        )}
      </div>

      {deleted.length > 0 && (
        <Alert variant="warning">
          <ArchiveRestoreIcon />
          <AlertTitle>
            {deleted.length === 1 && deleted[0].deletedBy === "staff"
              ? `${deleted[0].name} was removed by the platform`
              : `${deleted.length === 1 ? `${deleted[0].name} is deleted` : `${deleted.length} of your workspaces are deleted`} and can still be restored`}
          </AlertTitle>
          <AlertDescription>
            <Link href="/restore">Review and restore</Link> before the data is erased for good.
          </AlertDescription>
        </Alert>
      )}

      {tenants.length === 0 ? (
        <EmptyState
          icon={<Building2Icon />}
          title="You are not in any workspace yet"
          description="Create a workspace for your organization, or ask an owner of an existing one to invite you."
          action={
            <Button asChild>
              <Link href="/new">
                <PlusIcon /> New workspace
              </Link>
            </Button>
          }
        />
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {tenants.map((tenant) => (
            <li key={tenant._id}>
              <Link
                href={`/t/${tenant.slug}`}
                className="group block rounded-xl focus-visible:ring-[3px] focus-visible:ring-ring/40 focus-visible:outline-none"
              >
                <Card className="h-full gap-4 transition-colors group-hover:border-primary/40">
                  <CardHeader>
                    <div className="flex items-start justify-between gap-3">
                      <div className="flex size-10 items-center justify-center rounded-lg bg-primary/10 font-semibold text-primary">
                        {tenant.name.charAt(0)}
                      </div>
                      <ArrowRightIcon className="size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5" />
                    </div>
                    <CardTitle className="mt-3">{tenant.name}</CardTitle>
                    <CardDescription className="font-mono text-xs">/t/{tenant.slug}</CardDescription>
                  </CardHeader>
                  <div className="flex flex-wrap gap-2 px-6">
                    <TenantStatusBadge status={tenant.status} />
                    <PlanBadge plan={tenant.plan} />
                    <RoleBadge role={tenant.role} />
                  </div>
                </Card>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
