import type { Metadata } from "next";
import { Suspense } from "react";
import { api } from "@/convex/_generated/api";
import { TenantsClient } from "@/components/admin/tenants/tenants-client";
import { listArgs, parseView } from "@/components/admin/tenants/view-state";
import { PageHeader } from "@/components/shared/page-header";
import { preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Tenants · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /admin/tenants: every tenant, sorted, filtered and paged by the server (view in the URL).
export default async function AdminTenantsPage({ searchParams }: Props) {
  const raw = await searchParams;
  const view = parseView({ get: (name) => (typeof raw[name] === "string" ? (raw[name] as string) : null) });
  // A stale or hand-edited cursor would only be refused: render from the first page instead.
  let badCursor: string | null = null;
  const [initial, summary] = await Promise.all([
    preload(api.admin.tenants.list, listArgs(view)).catch(() => {
      badCursor = view.cursor;
      return preload(api.admin.tenants.list, listArgs({ ...view, cursor: null, dir: "next", page: 1 }));
    }),
    preload(api.admin.tenants.summary, {}),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Tenants"
        description="Every tenant on the platform. Sorting, filters and pages are kept in the address, so a view can be shared."
      />
      <Suspense>
        <TenantsClient initial={initial} summary={summary} badCursor={badCursor} />
      </Suspense>
    </div>
  );
}
