"use client";

import { useMutation, useQuery } from "convex/react";
import { BellIcon, CheckCheckIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { attempt } from "@/components/shared/errors";
import { TimeAgo } from "@/components/ui/time-ago";

/** Staff's notification center: platform alerts (shared read state) and what is still owed to the outside world. */
export function StaffCenter({ canWrite }: { canWrite: boolean }) {
  const [unread, setUnread] = useState(false);
  const alerts = useQuery(api.notifications.staff.alerts, { unread: unread || undefined, limit: 100 });
  const queue = useQuery(api.notifications.staff.queue, {});
  const markRead = useMutation(api.notifications.staff.markAlertRead);
  const markAll = useMutation(api.notifications.staff.markAllAlertsRead);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader>
          <CardTitle>Alerts</CardTitle>
          <CardDescription>
            Usage spikes, inactive tenants, failed purges, error-rate pages and emails that failed for good.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <div className="flex items-center gap-2">
            <Button size="sm" variant={unread ? "outline" : "secondary"} onClick={() => setUnread(false)} aria-pressed={!unread}>
              All
            </Button>
            <Button size="sm" variant={unread ? "secondary" : "outline"} onClick={() => setUnread(true)} aria-pressed={unread}>
              Unread
            </Button>
            {canWrite && (
              <Button size="sm" variant="ghost" className="ml-auto" onClick={() => attempt(() => markAll({}), "All alerts marked read")}>
                <CheckCheckIcon className="size-4" /> Mark all read
              </Button>
            )}
          </div>
          {alerts === undefined ? null : alerts.length === 0 ? (
            <EmptyState icon={<BellIcon />} title="No alerts" description="The daily health check and the delivery workers raise them." />
          ) : (
            <ul className="space-y-2" aria-label="Alerts">
              {alerts.map((a) => (
                <li key={a.id} className="flex flex-wrap items-start gap-3 rounded-md border p-3" data-read={a.read}>
                  <div className="min-w-0 flex-1 text-sm">
                    <p className="flex items-center gap-2 font-medium">
                      {!a.read && <span className="size-2 rounded-full bg-primary" aria-label="Unread" />}
                      <Badge variant="secondary">{a.kind}</Badge> {(a.details as { slug?: string } | null)?.slug ?? ""}
                    </p>
                    <p className="text-muted-foreground">{a.message}</p>
                    <p className="text-xs text-muted-foreground">
                      <TimeAgo ms={a.createdAt} />
                    </p>
                  </div>
                  {!a.read && canWrite && (
                    <Button size="sm" variant="ghost" onClick={() => attempt(() => markRead({ alertId: a.id }), "Marked read")}>
                      Mark read
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Delivery queue</CardTitle>
          <CardDescription>
            Emails, tenant webhooks and on-call pages not yet delivered: attempts so far, the last error and when the next try is due.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Table aria-label="Delivery queue">
            <TableHeader>
              <TableRow>
                <TableHead>Channel</TableHead>
                <TableHead>Tenant</TableHead>
                <TableHead>What</TableHead>
                <TableHead>To</TableHead>
                <TableHead>Attempts</TableHead>
                <TableHead>Last error</TableHead>
                <TableHead>Next try</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(queue ?? []).length === 0 ? (
                <TableRow>
                  <TableCell colSpan={7} className="text-muted-foreground">
                    Nothing pending: everything owed has been delivered.
                  </TableCell>
                </TableRow>
              ) : (
                (queue ?? []).map((q) => (
                  <TableRow key={q.id}>
                    <TableCell>{q.channel}</TableCell>
                    <TableCell>{q.tenant ?? "—"}</TableCell>
                    <TableCell>{q.what}</TableCell>
                    <TableCell className="max-w-48 truncate">{q.to}</TableCell>
                    <TableCell>{q.attempts}</TableCell>
                    <TableCell className="max-w-64 truncate text-destructive">{q.lastError ?? ""}</TableCell>
                    <TableCell>{q.dueAt <= Date.now() ? "now" : new Date(q.dueAt).toLocaleTimeString()}</TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </div>
  );
}
