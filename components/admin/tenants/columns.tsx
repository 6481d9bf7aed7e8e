"use client";

import type { FunctionReturnType } from "convex/server";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import type { DataColumn } from "@/components/ui/data-table";
import { PlanBadge, TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { formatCents, formatDate, formatDay, formatMicros, formatNumber } from "@/lib/domain/format";

export type TenantRow = FunctionReturnType<typeof api.admin.tenants.list>["rows"][number];

/** Column ids are the server's sort keys. */
export const tenantColumns: DataColumn<TenantRow>[] = [
  {
    id: "name",
    value: (row) => row.name,
    header: "Name",
    cell: (row) => (
      <div className="min-w-0">
        <Link
          href={`/admin/tenants/${row.slug}`}
          className="font-medium hover:underline focus-visible:underline focus-visible:outline-none"
        >
          {row.name}
        </Link>
        <p className="text-xs text-muted-foreground">{row.slug}</p>
      </div>
    ),
  },
  { id: "plan", value: (row) => row.plan, header: "Plan", cell: (row) => <PlanBadge plan={row.plan} /> },
  {
    id: "agents",
    value: (row) => row.agents,
    header: "Agents",
    cell: (row) => <span className="tabular-nums">{formatNumber(row.agents)}</span>,
  },
  // Users and MRR are read per page, not kept in the directory's sort keys: not sortable.
  {
    id: "users",
    header: "Users",
    cell: (row) => <span className="tabular-nums">{formatNumber(row.users)}</span>,
  },
  {
    id: "mrr",
    header: "MRR",
    cell: (row) => <span className="tabular-nums">{formatCents(row.mrrCents)}</span>,
  },
  {
    id: "cost",
    value: (row) => row.costMicros,
    header: "Cost this month",
    cell: (row) => <span className="tabular-nums">{formatMicros(row.costMicros)}</span>,
  },
  { id: "status", value: (row) => row.status, header: "Status", cell: (row) => <TenantStatusBadge status={row.status} /> },
  {
    id: "lastActive",
    value: (row) => row.lastActiveDay,
    header: "Last active",
    cell: (row) => {
      const day = row.lastActiveDay;
      return <span className="text-muted-foreground tabular-nums">{day ? formatDay(day) : "Never"}</span>;
    },
  },
  {
    id: "created",
    value: (row) => row.createdAt,
    header: "Created",
    cell: (row) => <span className="text-muted-foreground tabular-nums">{formatDate(row.createdAt)}</span>,
  },
];
