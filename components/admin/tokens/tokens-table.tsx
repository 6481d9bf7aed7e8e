"use client";

import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "@/lib/domain/format";
import { RevokeTokenButton } from "./revoke-token-button";
import { TimeAgo } from "@/components/ui/time-ago";

type Token = FunctionReturnType<typeof api.admin.tokens.list>[number];

/** Tokens newest first; revoked and expired ones stay listed (greyed) so their history is visible. */
export function TokensTable({ tokens, canRevoke }: { tokens: Token[]; canRevoke: boolean }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Token</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Owner</TableHead>
          <TableHead>Expires</TableHead>
          <TableHead>Last used</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tokens.map((t) => (
          <TableRow key={t._id} className={t.state === "active" ? undefined : "text-muted-foreground"}>
            <TableCell className="font-medium">
              <div>{t.name}</div>
              {t.state !== "active" && (
                <Badge variant="outline">{t.state === "revoked" ? `Revoked ${formatDate(t.revokedAt!)}` : "Expired"}</Badge>
              )}
            </TableCell>
            <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
            <TableCell>
              <Badge variant={t.role === "admin" ? "default" : "secondary"}>{t.role === "admin" ? "Admin" : "Support (read only)"}</Badge>
            </TableCell>
            <TableCell>{t.owner}</TableCell>
            <TableCell>{formatDate(t.expiresAt)}</TableCell>
            <TableCell>{t.lastUsedAt ? <TimeAgo ms={t.lastUsedAt} /> : "Never"}</TableCell>
            <TableCell className="text-right">
              {canRevoke && t.state === "active" && <RevokeTokenButton tokenId={t._id} name={t.name} />}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
