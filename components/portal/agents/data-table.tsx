"use client";

import { useMemo } from "react";
import { type ColumnClassNames, DataTableView } from "@/components/ui/data-table";
import { agentColumns, type AgentStats } from "./columns";
import type { AgentRow } from "./agent-row";
import type { RowActionHandlers } from "./row-actions";
import type { Sort } from "./view-state";

type Props = {
  rows: AgentRow[];
  /** null while searching: the search index returns best matches first, so no column sorts. */
  sort: Sort | null;
  order: "asc" | "desc";
  onSort(sort: Sort, order: "asc" | "desc"): void;
  actions: RowActionHandlers | null;
  /** False while the workspace is suspended (lib/domain/tenant-status.ts). */
  agentsRun: boolean;
  stats: AgentStats;
  loading: boolean;
  empty: React.ReactNode;
};

/** The row actions menu sits in a narrow column, its trigger flush right and no taller than a row. */
const columnClassNames: Record<string, ColumnClassNames> = { actions: { head: "w-12", cell: "py-1.5 text-right" } };

/** The agents table: the columns are here, the sort is the URL's, the rows' order is the server's. */
export function AgentsDataTable({ rows, sort, order, onSort, actions, agentsRun, stats, loading, empty }: Props) {
  const columns = useMemo(() => agentColumns(actions, agentsRun, stats), [actions, agentsRun, stats]);
  return (
    <DataTableView
      columns={columns}
      rows={rows}
      rowId={(row) => row._id}
      sort={sort ? { id: sort, order } : null}
      onSort={(id, next) => onSort(id as Sort, next)}
      loading={loading}
      empty={empty}
      columnClassNames={columnClassNames}
    />
  );
}
