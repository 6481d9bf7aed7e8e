import { ArrowDownIcon, ArrowUpDownIcon, ArrowUpIcon } from "lucide-react";
import type * as React from "react";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

export type SortOrder = "asc" | "desc";

/**
 * One column. A column with `value` can sort (the server's sort key is its id); the type of
 * the first row's value picks the direction of a first click, as TanStack Table did: text
 * ascending, anything else (numbers, dates, empty) descending.
 */
export type DataColumn<TRow> = {
  id: string;
  header: React.ReactNode;
  cell(row: TRow): React.ReactNode;
  value?(row: TRow): unknown;
};

/** Extra classes for one column's header cell and body cells. */
export type ColumnClassNames = { head?: string; cell?: string };

type Props<TRow> = {
  columns: DataColumn<TRow>[];
  rows: TRow[];
  rowId(row: TRow): string;
  /** The server's order of the rows; null: no column sorts (e.g. search results, best match first). */
  sort: { id: string; order: SortOrder } | null;
  onSort(id: string, order: SortOrder): void;
  /** Dims the rows and marks the table busy while the next page loads, so the old rows stay in place. */
  loading: boolean;
  /** Shown across all columns when there are no rows. */
  empty: React.ReactNode;
  /** Keyed by column id, e.g. a narrow, right-aligned actions column. */
  columnClassNames?: Partial<Record<string, ColumnClassNames>>;
  "aria-label"?: string;
};

/**
 * A table whose server sorts and pages: sortable headers are buttons with `aria-sort`,
 * empty and loading states are built in. Callers own the columns and the sort state
 * (usually wired to the URL). It replaced TanStack Table, which these tables used only for
 * the column model and the sort toggle (about 8 kB gzipped on their pages).
 */
export function DataTableView<TRow>({
  columns,
  rows,
  rowId,
  sort,
  onSort,
  loading,
  empty,
  columnClassNames,
  "aria-label": label,
}: Props<TRow>) {
  return (
    <Table aria-busy={loading} aria-label={label} stickyFirstColumn>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          {columns.map((column) => {
            const sorted = sort?.id === column.id ? sort.order : false;
            const canSort = sort !== null && column.value !== undefined;
            // The next order: the other direction when sorted here (a sort is never removed), else the column's first.
            const next = (): SortOrder =>
              sorted ? (sorted === "asc" ? "desc" : "asc") : rows[0] && typeof column.value?.(rows[0]) === "string" ? "asc" : "desc";
            return (
              <TableHead
                key={column.id}
                aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}
                className={columnClassNames?.[column.id]?.head}
              >
                {canSort ? (
                  <SortButton sorted={sorted} onClick={() => onSort(column.id, next())}>
                    {column.header}
                  </SortButton>
                ) : (
                  column.header
                )}
              </TableHead>
            );
          })}
        </TableRow>
      </TableHeader>
      {/* Only the rows dim while the next page loads: the headers stay live controls. */}
      <TableBody className={cn("transition-opacity", loading && "opacity-60")}>
        {rows.length === 0 ? (
          <TableRow className="hover:bg-transparent">
            <TableCell colSpan={columns.length} className="h-32 text-center text-sm whitespace-normal text-muted-foreground">
              {empty}
            </TableCell>
          </TableRow>
        ) : (
          rows.map((row) => (
            <TableRow key={rowId(row)}>
              {columns.map((column) => (
                <TableCell key={column.id} className={columnClassNames?.[column.id]?.cell}>
                  {column.cell(row)}
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
function SortButton({ sorted, onClick, children }: { sorted: false | SortOrder; onClick(): void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
    >
      {children}
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
