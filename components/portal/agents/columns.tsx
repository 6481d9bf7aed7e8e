"use client";

import { createColumnHelper, rowSortingFeature, tableFeatures } from "@tanstack/react-table";
import type { FunctionReturnType } from "convex/server";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { useTenant } from "@/components/tenant/tenant-context";
import { MODELS } from "@/lib/domain/plans";
import type { AgentRow } from "./agent-row";
import { formatDate, formatDay, formatDayLong, formatMicros, NO_DATA } from "@/lib/domain/format";
import { RowActions, type RowActionHandlers } from "./row-actions";

/** Sorting is the only table feature: the server sorts, filters and pages (manualSorting). */
export const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, AgentRow>();

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
export function agentColumns(actions: RowActionHandlers | null, agentsRun = true, stats?: AgentStats) {
  const usage = (id: string) => stats?.agents[id];
  return helper.columns([
    helper.accessor("name", {
      header: "Name",
      cell: (info) => <AgentLink id={info.row.original._id} name={info.getValue()} />,
    }),
    helper.accessor("model", {
      header: "Model",
      cell: (info) => <span className="text-muted-foreground">{MODELS[info.getValue()].label}</span>,
    }),
    helper.accessor("department", {
      header: "Department",
      enableSorting: false,
      cell: (info) => info.getValue() ?? <span className="text-muted-foreground">—</span>,
    }),
    helper.accessor("status", {
      header: "Status",
      cell: (info) =>
        agentsRun ? (
          <Badge variant={info.getValue() === "active" ? "success" : "secondary"}>
            <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
            {info.getValue() === "active" ? "Active" : "Paused"}
          </Badge>
        ) : (
          <Badge variant="destructive" title="Agents do not run while the workspace is suspended">
            <span className="size-1.5 rounded-full bg-current" aria-hidden="true" />
            Stopped
          </Badge>
        ),
    }),
    helper.display({
      id: "cost",
      header: "Cost this month",
      cell: (info) =>
        stats === undefined ? (
          <span className="text-muted-foreground">…</span>
        ) : (
          <span className="tabular-nums">{formatMicros(usage(info.row.original._id)?.monthCostMicros ?? 0)}</span>
        ),
    }),
    helper.display({
      id: "lastActive",
      header: "Last active",
      cell: (info) => {
        const day = usage(info.row.original._id)?.lastActiveDay;
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
    }),
    helper.accessor("createdAt", {
      header: "Created",
      cell: (info) => <span className="text-muted-foreground tabular-nums">{formatDate(info.getValue())}</span>,
    }),
    ...(actions
      ? [
          helper.display({
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            cell: (info) => <RowActions agent={info.row.original} {...actions} />,
          }),
        ]
      : []),
  ]);
}
