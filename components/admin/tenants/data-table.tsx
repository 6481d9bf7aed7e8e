"use client";

import { DataTableView } from "@/components/ui/data-table";
import { tenantColumns, type TenantRow } from "./columns";
import type { Sort } from "./view-state";

type Props = {
  rows: TenantRow[];
  sort: Sort;
  order: "asc" | "desc";
  onSort(sort: Sort, order: "asc" | "desc"): void;
  loading: boolean;
  empty: React.ReactNode;
};

/** The all-tenants table: the columns are in ./columns, the sort is the URL's, the rows' order is the server's. */
export function TenantsDataTable({ rows, sort, order, onSort, loading, empty }: Props) {
  return (
    <DataTableView
      columns={tenantColumns}
      rows={rows}
      rowId={(row) => row.tenantId}
      sort={{ id: sort, order }}
      onSort={(id, next) => onSort(id as Sort, next)}
      loading={loading}
      empty={empty}
      aria-label="Tenants"
    />
  );
}
