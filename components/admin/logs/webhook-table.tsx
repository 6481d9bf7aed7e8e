"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { RotateCwIcon } from "lucide-react";
import Link from "next/link";
import { useTransition } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import { redeliverWebhook } from "@/app/(app)/admin/webhooks/actions";
import { OutcomeBadge } from "./outcome-badge";
import { webhookSearch, type WebhookFilters } from "./webhook-filters";

const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";

function Redeliver({ id, eventId }: { id: string; eventId: string }) {
  const [pending, start] = useTransition();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      aria-label={`Redeliver ${eventId}`}
      onClick={() =>
        start(async () => {
          const result = await redeliverWebhook(id);
          if (result.ok) toast({ title: `Redelivered ${eventId}`, description: `The webhook route answered ${result.status}.`, variant: result.status < 300 ? "success" : "destructive" });
          else toast({ title: "Not redelivered", description: result.message, variant: "destructive" });
        })
      }
    >
      <RotateCwIcon /> {pending ? "Sending…" : "Redeliver"}
    </Button>
  );
}

/** One page of incoming webhook events, newest first, live; admins can redeliver Stripe events. */
export function WebhookTable({ preloaded, filters, after }: { preloaded: Preloaded<typeof api.adminWebhooks.list>; filters: WebhookFilters; after: string[] }) {
  const { rows, cursor, canRedeliver } = usePreloadedQuery(preloaded);
  return (
    <div className="space-y-3">
      <Table aria-label="Webhook events">
        <TableHeader>
          <TableRow>
            <TableHead>Received</TableHead>
            <TableHead>Provider</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Tenant</TableHead>
            <TableHead>Outcome</TableHead>
            {canRedeliver && <TableHead><span className="sr-only">Actions</span></TableHead>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow className="hover:bg-transparent">
              <TableCell colSpan={6} className="h-24 text-center text-sm text-muted-foreground">
                No webhook events match these filters.
              </TableCell>
            </TableRow>
          ) : (
            rows.map((e) => (
              <TableRow key={e._id}>
                <TableCell className="text-xs text-muted-foreground tabular-nums">{time(e.receivedAt)}</TableCell>
                <TableCell className="capitalize">{e.provider}</TableCell>
                <TableCell>
                  <span className="block font-mono text-xs">{e.type}</span>
                  <span className="block text-xs text-muted-foreground">{e.eventId}</span>
                </TableCell>
                <TableCell>{e.tenantSlug ? <Link href={`/admin/tenants/${e.tenantSlug}`} className="hover:underline">{e.tenantSlug}</Link> : <span className="text-muted-foreground">—</span>}</TableCell>
                <TableCell className="max-w-xs whitespace-normal">
                  <OutcomeBadge outcome={e.outcome} />
                  {e.error && <span className="mt-1 block text-xs text-destructive">{e.error}</span>}
                </TableCell>
                {canRedeliver && <TableCell className="text-right">{e.provider === "stripe" && <Redeliver id={e._id} eventId={e.eventId} />}</TableCell>}
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <div className="flex justify-end gap-2">
        <Button variant="outline" size="sm" disabled={after.length === 0} asChild={after.length > 0}>
          {after.length > 0 ? <Link href={`/admin/webhooks${webhookSearch(filters, after.slice(0, -1))}`}>Newer</Link> : <span>Newer</span>}
        </Button>
        <Button variant="outline" size="sm" disabled={!cursor} asChild={Boolean(cursor)}>
          {cursor ? <Link href={`/admin/webhooks${webhookSearch(filters, [...after, cursor])}`}>Older</Link> : <span>Older</span>}
        </Button>
      </div>
    </div>
  );
}
