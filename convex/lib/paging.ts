/**
 * Page-size and cursor checks for every paginated public function: a caller's
 * paging options are input like any other, so a bad one answers INVALID
 * naming the field instead of failing inside the database ("Server Error").
 * Both shapes in use go through here: Convex's `paginationOpts` (usePaginatedQuery)
 * and the keyset lists' `pageSize` + `cursor`.
 */
import type { PaginationOptions, PaginationResult, Query, OrderedQuery, GenericTableInfo } from "convex/server";
import { ConvexError } from "convex/values";
import { appError } from "./errors";

/** The most rows any page may ask for unless a function says otherwise. */
export const MAX_PAGE_ITEMS = 200;

/** A whole number from 1 to `max`, or INVALID naming `field`. */
export function checkPageSize(n: number, max: number, field: string): number {
  if (!Number.isInteger(n) || n < 1 || n > max) throw appError("INVALID", `Rows per page must be a whole number from 1 to ${max}.`, field);
  return n;
}

/** `pageSize` with its default, checked. */
export const pageSizeX = (n: number | undefined, max: number, fallback = 50, field = "pageSize") =>
  checkPageSize(n ?? fallback, max, field);

/** The field an error names: `paginationOpts.numItems`, or plain `numItems` when the options are top-level arguments (prefix ""). */
const fieldOf = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** Convex's paginationOpts, checked: numItems 1..max, the optional read limits positive whole numbers. */
export function paginationOptsX(opts: PaginationOptions, max = MAX_PAGE_ITEMS, prefix = "paginationOpts"): PaginationOptions {
  checkPageSize(opts.numItems, max, fieldOf(prefix, "numItems"));
  for (const key of ["maximumRowsRead", "maximumBytesRead"] as const) {
    const n = opts[key];
    if (n !== undefined && (!Number.isInteger(n) || n < 1))
      throw appError("INVALID", `${key} must be a positive whole number.`, fieldOf(prefix, key));
  }
  return opts;
}

/**
 * `query.paginate` with checked options; a cursor the database cannot read
 * (tampered, or from another list) answers INVALID instead of a server error.
 */
export async function paginateX<T extends GenericTableInfo>(
  query: OrderedQuery<T> | Query<T>,
  opts: PaginationOptions,
  max = MAX_PAGE_ITEMS,
  prefix = "paginationOpts",
): Promise<PaginationResult<T["document"]>> {
  paginationOptsX(opts, max, prefix);
  try {
    return await query.paginate(opts);
  } catch (error) {
    if (error instanceof ConvexError || (opts.cursor === null && !opts.endCursor)) throw error;
    throw appError("INVALID", "This page link no longer matches the list; start again from the first page.", fieldOf(prefix, "cursor"));
  }
}
