"use client";

import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "@/lib/domain/format";
import { useTenant } from "@/components/tenant/tenant-context";
import { RevokeKeyButton } from "./revoke-key-button";
import { TimeAgo } from "@/components/ui/time-ago";

type Key = FunctionReturnType<typeof api.portal.apiKeys.list>[number];

/** Keys newest first; revoked ones stay listed (greyed) so their history is visible. */
export function KeysTable({ keys }: { keys: Key[] }) {
  // Staff viewing the workspace see the keys, not the revoke buttons (their writes are refused).
  const { viaStaff } = useTenant();
  return (
    <Table stickyFirstColumn>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Key</TableHead>
          <TableHead>Created</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead>Limit</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {keys.map((k) => (
          <TableRow key={k._id} className={k.revokedAt ? "text-muted-foreground" : undefined}>
            <TableCell className="font-medium">
              <div>{k.name}</div>
              {k.revokedAt && <Badge variant="outline">Revoked {formatDate(k.revokedAt)}</Badge>}
            </TableCell>
            <TableCell className="font-mono text-xs">{k.prefix}…</TableCell>
            <TableCell>
              <div>{formatDate(k.createdAt)}</div>
              <div className="text-xs text-muted-foreground">by {k.createdBy}</div>
            </TableCell>
            <TableCell>{k.lastUsedAt ? <TimeAgo ms={k.lastUsedAt} /> : "Never"}</TableCell>
            <TableCell>{k.rateLimitPerMinute ? `${k.rateLimitPerMinute}/min` : "Workspace"}</TableCell>
            <TableCell className="text-right">{!k.revokedAt && !viaStaff && <RevokeKeyButton keyId={k._id} name={k.name} />}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
