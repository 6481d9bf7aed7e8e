"use client";

import { createColumnHelper, rowSortingFeature, tableFeatures } from "@tanstack/react-table";
import type { FunctionReturnType } from "convex/server";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import { PlanBadge, TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { formatCents, formatDate, formatDay, formatMicros, formatNumber } from "@/lib/domain/format";

export type TenantRow = FunctionReturnType<typeof api.admin.tenants.list>["rows"][number];

/** Sorting is the only table feature: the server sorts, filters and pages (manualSorting). */
export const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, TenantRow>();

/** Column ids are the server's sort keys. */
export const tenantColumns = helper.columns([
  helper.accessor("name", {
    id: "name",
    header: "Name",
    cell: (info) => (
      <div className="min-w-0">
        <Link
          href={`/admin/tenants/${info.row.original.slug}`}
          className="font-medium hover:underline focus-visible:underline focus-visible:outline-none"
        >
          {info.getValue()}
        </Link>
        <p className="text-xs text-muted-foreground">{info.row.original.slug}</p>
      </div>
    ),
  }),
  helper.accessor("plan", { id: "plan", header: "Plan", cell: (info) => <PlanBadge plan={info.getValue()} /> }),
  helper.accessor("agents", {
    id: "agents",
    header: "Agents",
    cell: (info) => <span className="tabular-nums">{formatNumber(info.getValue())}</span>,
  }),
  // Users and MRR are read per page, not kept in the directory's sort keys: not sortable.
  helper.accessor("users", {
    id: "users",
    header: "Users",
    enableSorting: false,
    cell: (info) => <span className="tabular-nums">{formatNumber(info.getValue())}</span>,
  }),
  helper.accessor("mrrCents", {
    id: "mrr",
    header: "MRR",
    enableSorting: false,
    cell: (info) => <span className="tabular-nums">{formatCents(info.getValue())}</span>,
  }),
  helper.accessor("costMicros", {
    id: "cost",
    header: "Cost this month",
    cell: (info) => <span className="tabular-nums">{formatMicros(info.getValue())}</span>,
  }),
  helper.accessor("status", { id: "status", header: "Status", cell: (info) => <TenantStatusBadge status={info.getValue()} /> }),
  helper.accessor("lastActiveDay", {
    id: "lastActive",
    header: "Last active",
    cell: (info) => {
      const day = info.getValue();
      return <span className="text-muted-foreground tabular-nums">{day ? formatDay(day) : "Never"}</span>;
    },
  }),
  helper.accessor("createdAt", {
    id: "created",
    header: "Created",
    cell: (info) => <span className="text-muted-foreground tabular-nums">{formatDate(info.getValue())}</span>,
  }),
]);
