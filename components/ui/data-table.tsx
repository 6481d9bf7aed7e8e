import type { Header, ReactTable, RowData, rowSortingFeature, SortDirection } from "@tanstack/react-table";
import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";
import type * as React from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

/** The features a table needs for this shell: its headers read and toggle sorting. */
type SortingFeatures = { rowSortingFeature: typeof rowSortingFeature };

/** Extra classes for one column's header cell and body cells. */
export type ColumnClassNames = { head?: string; cell?: string };

type Props<TData extends RowData> = {
  table: ReactTable<SortingFeatures, TData>;
  /** Dims the rows and marks the table busy while the next page loads, so the old rows stay in place. */
  loading: boolean;
  /** Shown across all columns when there are no rows. */
  empty: React.ReactNode;
  /** Keyed by column id, e.g. a narrow, right-aligned actions column. */
  columnClassNames?: Partial<Record<string, ColumnClassNames>>;
  "aria-label"?: string;
};

/**
 * The markup of a TanStack table whose server sorts and pages: sortable headers are buttons
 * with `aria-sort`, empty and loading states are built in. Callers own the column model and
 * the sort state (usually `manualSorting` wired to the URL).
 */
export function DataTableView<TData extends RowData>({ table, loading, empty, columnClassNames, "aria-label": label }: Props<TData>) {
  return (
    <Table aria-busy={loading} aria-label={label} stickyFirstColumn>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id} className="hover:bg-transparent">
            {group.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              return (
                <TableHead
                  key={header.id}
                  aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                  className={columnClassNames?.[header.column.id]?.head}
                >
                  {header.column.getCanSort() ? (
                    <SortButton table={table} header={header} sorted={sorted} />
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </TableHead>
              );
            })}
          </TableRow>
        ))}
      </TableHeader>
      {/* Only the rows dim while the next page loads: the headers stay live controls. */}
      <TableBody className={cn("transition-opacity", loading && "opacity-60")}>
        {table.getRowModel().rows.length === 0 ? (
          <TableRow className="hover:bg-transparent">
            <TableCell
              colSpan={table.getAllLeafColumns().length}
              className="h-32 text-center text-sm whitespace-normal text-muted-foreground"
            >
              {empty}
            </TableCell>
          </TableRow>
        ) : (
          table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getAllCells().map((cell) => (
                <TableCell key={cell.id} className={columnClassNames?.[cell.column.id]?.cell}>
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

/** The header as a button; the arrow shows the direction and the sr-only text says it. */
function SortButton<TData extends RowData>({
  table,
  header,
  sorted,
}: {
  table: ReactTable<SortingFeatures, TData>;
  header: Header<SortingFeatures, TData, unknown>;
  sorted: false | SortDirection;
}) {
  return (
    <button
      type="button"
      onClick={header.column.getToggleSortingHandler()}
      className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
    >
      <table.FlexRender header={header} />
      {sorted === "asc" ? (
        <ArrowUpIcon className="size-3.5" />
      ) : sorted === "desc" ? (
        <ArrowDownIcon className="size-3.5" />
      ) : (
        <ArrowUpDownIcon className="size-3.5 opacity-40" />
      )}
      <span className="sr-only">{sorted ? `sorted ${sorted === "asc" ? "ascending" : "descending"}` : "sort"}</span>
    </button>
  );
}
