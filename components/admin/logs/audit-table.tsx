"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { api } from "@/convex/_generated/api";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { auditSearch, type AuditFilters } from "./audit-filters";
import { Change } from "./change";
import { LogTable, logTime, TenantLink } from "./log-table";

const head = (
  <>
    <TableHead>When</TableHead>
    <TableHead>Tenant</TableHead>
    <TableHead>Actor</TableHead>
    <TableHead>Action</TableHead>
    <TableHead>Target</TableHead>
    <TableHead>Before → after</TableHead>
  </>
);

/** One page of the audit log, newest first, live; older pages follow the cursor trail in the URL. */
export function AuditTable({
  preloaded,
  filters,
  after,
}: {
  preloaded: Preloaded<typeof api.admin.audit.list>;
  filters: AuditFilters;
  after: string[];
}) {
  const { rows, cursor } = usePreloadedQuery(preloaded);
  return (
    <LogTable
      label="Audit log"
      head={head}
      columns={6}
      empty="No entries match these filters."
      trail={after}
      cursor={cursor}
      href={(trail) => `/admin/audit${auditSearch(filters, trail)}`}
    >
      {rows.map((e) => (
        <TableRow key={e._id}>
          <TableCell className="text-xs text-muted-foreground tabular-nums">{logTime(e.at)}</TableCell>
          <TableCell>
            <TenantLink slug={e.tenantSlug} />
          </TableCell>
          <TableCell className="text-sm">{e.actorEmail}</TableCell>
          <TableCell className="font-mono text-xs">
            {e.action}
            {e.count > 1 && (
              <span
                className="ml-1.5 rounded bg-muted px-1 text-muted-foreground"
                title={`${e.count} times, the last at ${logTime(e.lastAt)}`}
                data-testid="audit-count"
              >
                ×{e.count}
              </span>
            )}
          </TableCell>
          <TableCell className="max-w-48 truncate text-xs" title={e.target ?? undefined}>
            {e.target ?? "—"}
          </TableCell>
          <TableCell className="min-w-64 whitespace-normal">
            <Change before={e.before} after={e.after} />
          </TableCell>
        </TableRow>
      ))}
    </LogTable>
  );
}
