"use client";

import { useTable, type SortingState } from "@tanstack/react-table";
import { useMemo } from "react";
import { type ColumnClassNames, DataTableView } from "@/components/ui/data-table";
import { features, agentColumns, type AgentStats } from "./columns";
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

/** The agents table: TanStack owns the column model and sort state; the server owns the rows' order. */
export function AgentsDataTable({ rows, sort, order, onSort, actions, agentsRun, stats, loading, empty }: Props) {
  const columns = useMemo(() => agentColumns(actions, agentsRun, stats), [actions, agentsRun, stats]);
  const sorting = useMemo<SortingState>(() => (sort ? [{ id: sort, desc: order === "desc" }] : []), [sort, order]);
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row._id,
    state: { sorting },
    manualSorting: true,
    enableSorting: sort !== null,
    enableSortingRemoval: false,
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      if (first) onSort(first.id as Sort, first.desc ? "desc" : "asc");
    },
  });

  return <DataTableView table={table} loading={loading} empty={empty} columnClassNames={columnClassNames} />;
}
