"use client";

import type { FunctionReturnType } from "convex/server";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import type { DataColumn } from "@/components/ui/data-table";
import { useTenant } from "@/components/tenant/tenant-context";
import { MODELS } from "@/lib/domain/plans";
import type { AgentRow } from "./agent-row";
import { formatDate, formatDay, formatDayLong, formatMicros, NO_DATA } from "@/lib/domain/format";
import { RowActions, type RowActionHandlers } from "./row-actions";

/** Per-agent cost this month and last active day (agentDetail:stats); undefined while it loads. */
export type AgentStats = FunctionReturnType<typeof api.portal.agentDetail.stats> | undefined;

function AgentLink({ id, name }: { id: string; name: string }) {
  const { slug } = useTenant();
  return (
    <Link href={`/t/${slug}/agents/${id}`} className="font-medium hover:underline focus-visible:underline focus-visible:outline-none">
      {name}
    </Link>
  );
}

/**
 * `agentsRun`: false while the workspace is suspended, when every agent shows "Stopped" whatever its own setting.
 * `stats`: usage per agent, read apart from the rows (it comes from the per-day summaries, not the agents table).
 */
export function agentColumns(actions: RowActionHandlers | null, agentsRun = true, stats?: AgentStats): DataColumn<AgentRow>[] {
  const usage = (id: string) => stats?.agents[id];
  return [
    {
      id: "name",
      header: "Name",
      value: (row) => row.name,
      cell: (row) => <AgentLink id={row._id} name={row.name} />,
    },
    {
      id: "model",
      header: "Model",
      value: (row) => row.model,
      cell: (row) => <span className="text-muted-foreground">{MODELS[row.model].label}</span>,
    },
    {
      id: "department",
      header: "Department",
      cell: (row) => row.department ?? <span className="text-muted-foreground">—</span>,
    },
    {
      id: "status",
      header: "Status",
      value: (row) => row.status,
      cell: (row) =>
        agentsRun ? (
          <Badge variant={row.status === "active" ? "success" : "secondary"}>
            <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
            {row.status === "active" ? "Active" : "Paused"}
          </Badge>
        ) : (
          <Badge variant="destructive" title="Agents do not run while the workspace is suspended">
            <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
            Stopped
          </Badge>
        ),
    },
    {
      id: "cost",
      header: "Cost this month",
      cell: (row) =>
        stats === undefined ? (
          <span className="text-muted-foreground">…</span>
        ) : (
          <span className="tabular-nums">{formatMicros(usage(row._id)?.monthCostMicros ?? 0)}</span>
        ),
    },
    {
      id: "lastActive",
      header: "Last active",
      cell: (row) => {
        const day = usage(row._id)?.lastActiveDay;
        if (stats === undefined) return <span className="text-muted-foreground">…</span>;
        return day ? (
          <time dateTime={day} title={formatDayLong(day)} className="text-muted-foreground tabular-nums">
            {formatDay(day)}
          </time>
        ) : (
          <span className="text-muted-foreground" title={`No calls in the last ${stats.lookbackDays} days`}>
            {NO_DATA}
          </span>
        );
      },
    },
    {
      id: "createdAt",
      header: "Created",
      value: (row) => row.createdAt,
      cell: (row) => <span className="text-muted-foreground tabular-nums">{formatDate(row.createdAt)}</span>,
    },
    ...(actions
      ? [
          {
            id: "actions",
            header: <span className="sr-only">Actions</span>,
            cell: (row: AgentRow) => <RowActions agent={row} {...actions} />,
          },
        ]
      : []),
  ];
}
