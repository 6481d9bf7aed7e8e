"use client";

import { useEffect, useState } from "react";
import { usePreloadedQuery, type Preloaded } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber } from "@/lib/domain/format";

/** Seconds, then minutes: the figures' lag is a few seconds when reports flow (the pull runs every 10 s). */
function lagText(ms: number) {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

type Row = FunctionReturnType<typeof api.platform.rollupReports.status>[number];

/**
 * How far behind the platform figures are for each deployment's tenants: the control plane
 * folds each placement's rollup reports (platform/rollupReports). Live; the lag ticks.
 */
export function ReportLag({ status: preloaded }: { status: Preloaded<typeof api.platform.rollupReports.status> }) {
  const rows = usePreloadedQuery(preloaded);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  return <ReportLagSection rows={rows} now={now} />;
}

/** The section itself, at a given time (rendered on its own in tests). */
export function ReportLagSection({ rows, now }: { rows: Row[]; now: number }) {
  return (
    <section className="space-y-4" aria-labelledby="reports-heading">
      <div className="space-y-1">
        <h3 id="reports-heading" className="text-lg font-semibold tracking-tight">
          Platform figures
        </h3>
        <p className="text-sm text-muted-foreground">
          Tenants on another deployment count in the overview, directory and revenue through its reports, pulled every 10 s. Tenants on main
          count directly.
        </p>
      </div>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No reports yet: every tenant counts directly.</p>
      ) : (
        <Table aria-label="Rollup reports per deployment">
          <TableHeader>
            <TableRow>
              <TableHead>Deployment</TableHead>
              <TableHead>Last report</TableHead>
              <TableHead>Lag</TableHead>
              <TableHead className="text-right">Pending</TableHead>
              <TableHead className="text-right">Reports folded</TableHead>
              <TableHead>Error</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.deployment} id={`reports-${r.deployment}`}>
                <TableCell className="font-medium">{r.deployment}</TableCell>
                <TableCell>{r.lastOkAt === null ? "never" : `${lagText(now - r.lastOkAt)} ago`}</TableCell>
                <TableCell>{r.asOf === null ? "catching up" : lagText(now - r.asOf)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(r.pending)}</TableCell>
                <TableCell className="text-right tabular-nums">{formatNumber(r.applied)}</TableCell>
                <TableCell className="max-w-xs truncate text-xs text-destructive">{r.lastError ?? ""}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
