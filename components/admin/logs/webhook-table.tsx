"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { RotateCwIcon } from "lucide-react";
import { useTransition } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/use-toast";
import { redeliverWebhook } from "./webhook-actions";
import { LogTable, logTime, TenantLink } from "./log-table";
import { OutcomeBadge } from "./outcome-badge";
import { webhookSearch, type WebhookFilters } from "./webhook-filters";

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
          if (result.ok)
            toast({
              title: `Redelivered ${eventId}`,
              description: `The webhook route answered ${result.status}.`,
              variant: result.status < 300 ? "success" : "destructive",
            });
          else toast({ title: "Not redelivered", description: result.message, variant: "destructive" });
        })
      }
    >
      <RotateCwIcon /> {pending ? "Sending…" : "Redeliver"}
    </Button>
  );
}

/** One page of incoming webhook events, newest first, live; admins can redeliver Stripe events. */
export function WebhookTable({
  preloaded,
  filters,
  after,
}: {
  preloaded: Preloaded<typeof api.admin.webhooks.list>;
  filters: WebhookFilters;
  after: string[];
}) {
  const { rows, cursor, canRedeliver } = usePreloadedQuery(preloaded);
  return (
    <LogTable
      label="Webhook events"
      head={
        <>
          <TableHead>Received</TableHead>
          <TableHead>Provider</TableHead>
          <TableHead>Event</TableHead>
          <TableHead>Tenant</TableHead>
          <TableHead>Outcome</TableHead>
          {canRedeliver && (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </>
      }
      columns={canRedeliver ? 6 : 5}
      empty="No webhook events match these filters."
      trail={after}
      cursor={cursor}
      href={(trail) => `/admin/webhooks${webhookSearch(filters, trail)}`}
    >
      {rows.map((e) => (
        <TableRow key={e._id}>
          <TableCell className="text-xs text-muted-foreground tabular-nums">{logTime(e.receivedAt)}</TableCell>
          <TableCell className="capitalize">{e.provider}</TableCell>
          <TableCell>
            <span className="block font-mono text-xs">{e.type}</span>
            <span className="block text-xs text-muted-foreground">{e.eventId}</span>
          </TableCell>
          <TableCell>
            <TenantLink slug={e.tenantSlug} />
          </TableCell>
          <TableCell className="max-w-xs whitespace-normal">
            <OutcomeBadge outcome={e.outcome} />
            {e.error && <span className="mt-1 block text-xs text-destructive">{e.error}</span>}
          </TableCell>
          {canRedeliver && (
            <TableCell className="text-right">{e.provider === "stripe" && <Redeliver id={e._id} eventId={e.eventId} />}</TableCell>
          )}
        </TableRow>
      ))}
    </LogTable>
  );
}
