"use client";

import { useTable, type SortingState } from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";
import { useMemo } from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { features, type AgentRow, agentColumns } from "./columns";
import type { RowActionHandlers } from "./row-actions";
import type { Sort } from "./view-state";

type Props = {
  rows: AgentRow[];
  /** null while searching: the search index returns best matches first, so no column sorts. */
  sort: Sort | null;
  order: "asc" | "desc";
  onSort(sort: Sort, order: "asc" | "desc"): void;
  actions: RowActionHandlers | null;
  loading: boolean;
  empty: React.ReactNode;
};

/** The agents table: TanStack owns the column model and sort state; the server owns the rows' order. */
export function AgentsDataTable({ rows, sort, order, onSort, actions, loading, empty }: Props) {
  const columns = useMemo(() => agentColumns(actions), [actions]);
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

  return (
    <Table aria-busy={loading} className={cn("transition-opacity", loading && "opacity-60")}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              return (
                <TableHead key={header.id} aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined} className={header.column.id === "actions" ? "w-12" : undefined}>
                  {header.column.getCanSort() ? (
                    <button type="button" onClick={header.column.getToggleSortingHandler()} className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none">
                      <table.FlexRender header={header} />
                      {sorted === "asc" ? <ArrowUpIcon className="size-3.5" /> : sorted === "desc" ? <ArrowDownIcon className="size-3.5" /> : <ArrowUpDownIcon className="size-3.5 opacity-40" />}
                      <span className="sr-only">{sorted ? `sorted ${sorted === "asc" ? "ascending" : "descending"}` : "sort"}</span>
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </TableHead>
              );
            })}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.length === 0 ? (
          <TableRow className="hover:bg-transparent">
            <TableCell colSpan={columns.length} className="h-32 text-center text-sm whitespace-normal text-muted-foreground">
              {empty}
            </TableCell>
          </TableRow>
        ) : (
          table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getAllCells().map((cell) => (
                <TableCell key={cell.id} className={cell.column.id === "actions" ? "py-1.5 text-right" : undefined}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))
        )}
      </TableBody>
    </Table>
  );
}
