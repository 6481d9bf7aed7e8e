import Link from "next/link";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";

/** Log times to the second in UTC, so staff in different zones read the same moment. */
export const logTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

/** The row's tenant, linked to its admin page; a dash for entries that belong to no tenant. */
export function TenantLink({ slug }: { slug: string | null }) {
  return slug ? (
    <Link href={`/admin/tenants/${slug}`} className="hover:underline">
      {slug}
    </Link>
  ) : (
    <span className="text-muted-foreground">—</span>
  );
}

type Props = {
  /** The table's accessible name. */
  label: string;
  /** The header cells. */
  head: React.ReactNode;
  /** How many columns the empty row spans. */
  columns: number;
  /** Shown when no row matches the filters. */
  empty: string;
  /** The page's rows, newest first. */
  children: React.ReactNode[];
  /** The cursors of the pages before this one: the URL keeps them so "Newer" can step back. */
  trail: string[];
  /** Where the next, older page starts; null on the last page. */
  cursor: string | null;
  /** The page's URL for a cursor trail, keeping the current filters. */
  href(trail: string[]): string;
};

/** One page of an admin log: the table, then Newer and Older links along the cursor trail. */
export function LogTable({ label, head, columns, empty, children, trail, cursor, href }: Props) {
  return (
    <div className="space-y-3">
      <Table aria-label={label} stickyFirstColumn>
        <TableHeader>
          <TableRow>{head}</TableRow>
        </TableHeader>
        <TableBody>
          {children.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={columns} className="h-24 text-center text-sm text-muted-foreground">
                {empty}
              </TableCell>
            </TableRow>
          ) : (
            children
          )}
        </TableBody>
      </Table>
      <div className="flex justify-end gap-2">
        <PageLink href={trail.length > 0 ? href(trail.slice(0, -1)) : null}>Newer</PageLink>
        <PageLink href={cursor ? href([...trail, cursor]) : null}>Older</PageLink>
      </div>
    </div>
  );
}

/** A link styled as a button; a disabled button at either end of the log. */
function PageLink({ href, children }: { href: string | null; children: string }) {
  return (
    <Button variant="outline" size="sm" disabled={href === null} asChild={href !== null}>
      {href !== null ? <Link href={href}>{children}</Link> : <span>{children}</span>}
    </Button>
  );
}
