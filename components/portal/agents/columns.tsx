"use client";

import { createColumnHelper, rowSortingFeature, tableFeatures } from "@tanstack/react-table";
import { Badge } from "@/components/ui/badge";
import { MODELS } from "@/lib/domain/plans";
import type { AgentRow } from "./agent-row";
import { formatDate } from "@/lib/domain/format";
import { RowActions, type RowActionHandlers } from "./row-actions";

/** Sorting is the only table feature: the server sorts, filters and pages (manualSorting). */
export const features = tableFeatures({ rowSortingFeature });
const helper = createColumnHelper<typeof features, AgentRow>();

/** `agentsRun`: false while the workspace is suspended, when every agent shows "Stopped" whatever its own setting. */
export function agentColumns(actions: RowActionHandlers | null, agentsRun = true) {
  return helper.columns([
    helper.accessor("name", {
      header: "Name",
      cell: (info) => <span className="font-medium">{info.getValue()}</span>,
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
