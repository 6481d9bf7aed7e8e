import type { Metadata } from "next";
import { api } from "@/convex/_generated/api";
import { OverviewClient } from "@/components/admin/overview/overview-client";
import { PageHeader } from "@/components/shared/page-header";
import { requireSession } from "@/lib/server/auth";
import { preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Platform admin" };

// GET /admin: the platform overview (live). The layout has already refused non-staff.
export default async function AdminOverviewPage() {
  const session = await requireSession();
  const preloaded = await preload(api.admin.overview.get, {});
  return (
    <div className="space-y-6">
      <PageHeader title="Overview" description="The whole platform at a glance, updated live." />
      <OverviewClient preloaded={preloaded} isAdmin={session.platformRole === "admin"} />
    </div>
  );
}
