import type { Metadata } from "next";
import { api } from "@/convex/_generated/api";
import { auditArgs, parseAuditFilters } from "@/components/admin/logs/audit-filters";
import { AuditFilterForm } from "@/components/admin/logs/audit-filter-form";
import { AuditTable } from "@/components/admin/logs/audit-table";
import { PageHeader } from "@/components/shared/page-header";
import { appErrorOf } from "@/lib/server/convex/errors";
import { preload } from "@/lib/server/portal/convex";

export const metadata: Metadata = { title: "Audit log · Admin" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// GET /admin/audit: every admin action, denied cross-tenant attempt and billing change, filtered.
export default async function AuditPage({ searchParams }: Props) {
  const raw = await searchParams;
  const all = (name: string) => (raw[name] === undefined ? [] : Array.isArray(raw[name]) ? (raw[name] as string[]) : [raw[name] as string]);
  const { after, ...filters } = parseAuditFilters({ get: (name) => all(name)[0] ?? null, getAll: all });
  let error: { field?: string; message: string } | null = null;
  const preloaded = await preload(api.admin.audit.list, { ...auditArgs(filters), cursor: after.at(-1) ?? null }).catch((e: unknown) => {
    // A filter the server refuses (unknown tenant, stale cursor) is shown next to the form.
    const known = appErrorOf(e);
    if (!known) throw e;
    error = known;
    return null;
  });
  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Admin actions, denied cross-tenant attempts and billing state changes, newest first." />
      <AuditFilterForm key={JSON.stringify(filters)} filters={filters} error={error} />
      {preloaded && <AuditTable preloaded={preloaded} filters={filters} after={after} />}
    </div>
  );
}
