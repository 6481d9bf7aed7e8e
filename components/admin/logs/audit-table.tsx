"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import Link from "next/link";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { auditSearch, type AuditFilters } from "./audit-filters";
import { Change } from "./change";

const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

/** One page of the audit log, newest first, live; older pages follow the cursor trail in the URL. */
export function AuditTable({ preloaded, filters, after }: { preloaded: Preloaded<typeof api.adminAudit.list>; filters: AuditFilters; after: string[] }) {
  const { rows, cursor } = usePreloadedQuery(preloaded);
  return (
    <div className="space-y-3">
      <Table aria-label="Audit log">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Tenant</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Before → after</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={6} className="h-24 text-center text-sm text-muted-foreground">
                No entries match these filters.
              </TableCell>
            </TableRow>
          ) : (
            rows.map((e) => (
              <TableRow key={e._id}>
                <TableCell className="text-xs text-muted-foreground tabular-nums">{time(e.at)}</TableCell>
                <TableCell>{e.tenantSlug ? <Link href={`/admin/tenants/${e.tenantSlug}`} className="hover:underline">{e.tenantSlug}</Link> : <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell className="text-sm">{e.actorEmail}</TableCell>
                <TableCell className="font-mono text-xs">{e.action}</TableCell>
                <TableCell className="max-w-48 truncate text-xs" title={e.target ?? undefined}>
                  {e.target ?? "—"}
                </TableCell>
                <TableCell className="max-w-sm whitespace-normal">
                  <Change before={e.before} after={e.after} />
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <div className="flex justify-end gap-2">
        <Button variant="outline" size="sm" disabled={after.length === 0} asChild={after.length > 0}>
          {after.length > 0 ? <Link href={`/admin/audit${auditSearch(filters, after.slice(0, -1))}`}>Newer</Link> : <span>Newer</span>}
        </Button>
        <Button variant="outline" size="sm" disabled={!cursor} asChild={Boolean(cursor)}>
          {cursor ? <Link href={`/admin/audit${auditSearch(filters, [...after, cursor])}`}>Older</Link> : <span>Older</span>}
        </Button>
      </div>
    </div>
  );
}
