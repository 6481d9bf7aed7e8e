"use client";

import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatMicros, formatNumber, formatTokens, NO_DATA } from "@/lib/domain/format";

type Session = { _id: string; title: string; customer: string; messages: number; createdAt: number; lastMessageAt: number | null };
type KeyRow = { keyId: string; name: string; prefix: string | null; revoked: boolean; calls: number; tokens: number; costMicros: number };

/** The agent's latest conversations (its sessions with end users), capped, with a link to all of them. */
export function AgentSessions({ slug, sessions }: { slug: string; sessions: { rows: Session[]; more: boolean } }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Sessions</CardTitle>
        <CardDescription>The agent&apos;s latest conversations, newest first.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {sessions.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No conversations yet.</p>
        ) : (
          <Table aria-label="Sessions" stickyFirstColumn>
            <TableHeader>
              <TableRow>
                <TableHead>Conversation</TableHead>
                <TableHead>End user</TableHead>
                <TableHead className="text-right">Messages</TableHead>
                <TableHead>Last message</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sessions.rows.map((s) => (
                <TableRow key={s._id}>
                  <TableCell className="max-w-64 truncate font-medium">{s.title}</TableCell>
                  <TableCell className="max-w-48 truncate">{s.customer}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(s.messages)}</TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">
                    {formatDateTime(s.lastMessageAt ?? s.createdAt)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {sessions.more && (
          <Link href={`/t/${slug}/conversations`} className="text-sm font-medium underline-offset-4 hover:underline">
            All conversations
          </Link>
        )}
      </CardContent>
    </Card>
  );
}

/** This month's calls and tokens per API key that reported usage for the agent; null: the viewer may not see keys. */
export function AgentKeyUsage({ slug, keys }: { slug: string; keys: { rows: KeyRow[]; more: number } | null }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">API usage this month</CardTitle>
        <CardDescription>Calls reported for this agent through the API, by key.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-3">
        {keys === null ? (
          <p className="text-sm text-muted-foreground">Admins and owners see which API keys called this agent.</p>
        ) : keys.rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No calls through an API key this month.</p>
        ) : (
          <Table aria-label="API usage by key" stickyFirstColumn>
            <TableHeader>
              <TableRow>
                <TableHead>Key</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead className="text-right">Tokens</TableHead>
                <TableHead className="text-right">Cost</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.rows.map((k) => (
                <TableRow key={k.keyId}>
                  <TableCell className="max-w-64 truncate">
                    <span className="font-medium">{k.name}</span>{" "}
                    <span className="font-mono text-xs text-muted-foreground">{k.prefix ?? NO_DATA}</span>
                    {k.revoked && <span className="text-xs text-muted-foreground"> (revoked)</span>}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(k.calls)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatTokens(k.tokens)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMicros(k.costMicros)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {keys && keys.more > 0 && (
          <Link href={`/t/${slug}/api-keys`} className="text-sm font-medium underline-offset-4 hover:underline">
            {formatNumber(keys.more)} more keys: all API keys
          </Link>
        )}
      </CardContent>
    </Card>
  );
}
