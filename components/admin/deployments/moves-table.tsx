import type { FunctionReturnType } from "convex/server";
import Link from "next/link";
import type { api } from "@/convex/_generated/api";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatNumber } from "@/lib/domain/format";
import { MoveBadge } from "./move-badge";
import { TimeAgo } from "@/components/ui/time-ago";

type Move = FunctionReturnType<typeof api.platform.moves.recent>[number];

/** Tenant moves, newest first. Live: a running move's phase and row count change in place. */
export function MovesTable({ moves }: { moves: Move[] }) {
  return (
    <Table aria-label="Tenant moves" stickyFirstColumn>
      <TableHeader>
        <TableRow>
          <TableHead>Tenant</TableHead>
          <TableHead>From → to</TableHead>
          <TableHead>Phase</TableHead>
          <TableHead className="text-right">Rows copied</TableHead>
          <TableHead>Started</TableHead>
          <TableHead>Last update</TableHead>
          <TableHead>Error</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {moves.map((m) => (
          <TableRow key={m.id} id={`move-${m.slug}`}>
            <TableCell className="font-medium">
              <Link href={`/admin/tenants/${m.slug}`} className="hover:underline">
                {m.slug}
              </Link>
              {m.reverse && <span className="block text-xs text-muted-foreground">reverse</span>}
            </TableCell>
            <TableCell className="font-mono text-xs">
              {m.from} → {m.to}
            </TableCell>
            <TableCell>
              <MoveBadge phase={m.phase} status={m.status} />
            </TableCell>
            <TableCell className="text-right tabular-nums">{formatNumber(m.copiedRows)}</TableCell>
            <TableCell>{formatDateTime(m.startedAt)}</TableCell>
            <TableCell>
              <TimeAgo ms={m.updatedAt} />
            </TableCell>
            <TableCell className="max-w-80 text-xs whitespace-normal text-destructive">{m.error}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
