"use client";

import { useTable, type SortingState } from "@tanstack/react-table";
import { useMemo } from "react";
import { DataTableView } from "@/components/ui/data-table";
import { features, tenantColumns, type TenantRow } from "./columns";
import type { Sort } from "./view-state";

type Props = {
  rows: TenantRow[];
  sort: Sort;
  order: "asc" | "desc";
  onSort(sort: Sort, order: "asc" | "desc"): void;
  loading: boolean;
  empty: React.ReactNode;
};

/** The all-tenants table: TanStack owns the column model and sort state; the server owns the rows' order. */
export function TenantsDataTable({ rows, sort, order, onSort, loading, empty }: Props) {
  const sorting = useMemo<SortingState>(() => [{ id: sort, desc: order === "desc" }], [sort, order]);
  const table = useTable({
    features,
    columns: tenantColumns,
    data: rows,
    getRowId: (row) => row.tenantId,
    state: { sorting },
    manualSorting: true,
    enableSortingRemoval: false,
    onSortingChange: (updater) => {
      const first = (typeof updater === "function" ? updater(sorting) : updater)[0];
      if (first) onSort(first.id as Sort, first.desc ? "desc" : "asc");
    },
  });

  return <DataTableView table={table} loading={loading} empty={empty} aria-label="Tenants" />;
}
