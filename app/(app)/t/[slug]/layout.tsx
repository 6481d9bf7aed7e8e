import { notFound, redirect } from "next/navigation";
import type * as React from "react";
import { requireSession } from "@/lib/server/auth";
import { movedTo } from "@/lib/server/portal/moved";
import { getTenantForUser } from "@/lib/server/tenancy";
import { recordDeniedPage } from "@/lib/server/denied-attempts";
import { assertWorkspacePageExists } from "@/lib/server/portal/page-exists";
import { WorkspaceShell } from "./workspace-shell";

/**
 * Everything under /t/[slug]. Re-checks the session, then asks Convex for the tenant as
 * this user. Unknown slug and "not a member" both come back null and both call
 * notFound(): the same 404 page, so nobody learns which tenants exist. Two exceptions,
 * each only for people entitled to know: members following a renamed slug are
 * redirected, and the owner of a deleted workspace is sent to its restore page.
 * The tenant found here is handed to client components through TenantProvider
 * (useTenant/useCan), so they need no slug or role props; the page's own lookup
 * (pageTenant) is the same memoized call, not a second one. The requested page (and the
 * agent or invoice it names) is checked here too, so a wrong address answers HTTP 404; that
 * 404 renders in ../not-found.tsx, which puts the workspace's frame back around it.
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

  return <WorkspaceShell tenant={tenant}>{children}</WorkspaceShell>;
}
