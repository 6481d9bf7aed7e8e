"use client";

import { useQuery } from "convex/react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { api } from "@/convex/_generated/api";
import { TimeAgo } from "@/components/ui/time-ago";

type Props = { slug: string; canAct: boolean; simulator: boolean };
type Reply = { message: string; deliveries?: { type: string; status: number }[] };

async function control(body: Record<string, unknown>): Promise<Reply> {
  try {
    const response = await fetch("/api/billing/simulator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const data = (await response.json().catch(() => ({}))) as Reply;
    return response.ok ? data : { message: data.message ?? `Refused (${response.status}).` };
  } catch {
    return { message: "Could not reach the server." };
  }
}

const OUTCOME: Record<string, "success" | "secondary" | "destructive" | "warning"> = {
  processed: "success",
  ignored: "secondary",
  failed: "destructive",
  received: "warning",
};

/** See BillingSimulatorPanel (billing-simulator-panel.tsx). */
export function SimulatorPanelClient({ slug, canAct, simulator }: Props) {
  const events = useQuery(api.admin.billing.events, { slug, limit: 20 });
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [reply, setReply] = useState<Reply | null>(null);

  async function run(body: Record<string, unknown>) {
    setBusy(true);
    setConfirmCancel(false);
    setReply(await control({ slug, ...body }));
    setBusy(false);
  }

  return (
    <Card data-testid="billing-simulator">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          Billing {simulator ? <Badge variant="warning">Simulator</Badge> : <Badge variant="outline">Stripe</Badge>}
        </CardTitle>
        <CardDescription>
          {simulator
            ? "End the billing period to invoice now, with a card that pays or fails; cancel the subscription; or redeliver a stored event (it must change nothing)."
            : "Cancel the subscription, or redeliver a stored event (it must change nothing)."}
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {canAct ? (
          <div className="flex flex-wrap gap-2">
            {simulator && (
              <>
                <Button size="sm" disabled={busy} onClick={() => run({ action: "end_period" })}>
                  End billing period
                </Button>
                <Button size="sm" variant="outline" disabled={busy} onClick={() => run({ action: "end_period", failPayment: true })}>
                  End period, card fails
                </Button>
              </>
            )}
            {confirmCancel ? (
              <Button size="sm" variant="destructive" disabled={busy} onClick={() => run({ action: "cancel" })}>
                Confirm: cancel now
              </Button>
            ) : (
              <Button size="sm" variant="outline" disabled={busy} onClick={() => setConfirmCancel(true)}>
                Cancel subscription
              </Button>
            )}
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">Support access is read-only: an admin can run these controls.</p>
        )}
        {reply && (
          <p role="status" className="text-sm">
            {reply.message}
            {reply.deliveries?.length ? ` Delivered: ${reply.deliveries.map((d) => `${d.type} ${d.status}`).join(", ")}.` : ""}
          </p>
        )}
        <div>
          <h4 className="mb-2 text-xs font-medium tracking-wide text-muted-foreground uppercase">Stripe events</h4>
          {events === undefined ? (
            <p className="text-sm text-muted-foreground">Loading…</p>
          ) : events.length === 0 ? (
            <p className="text-sm text-muted-foreground">No Stripe events for this tenant yet.</p>
          ) : (
            <ul className="divide-y text-sm" aria-label="Stripe events">
              {events.map((e) => (
                <li key={e.eventId} className="flex flex-wrap items-center gap-2 py-2">
                  <span className="font-mono text-xs">{e.type}</span>
                  <Badge variant={OUTCOME[e.outcome] ?? "secondary"}>{e.outcome}</Badge>
                  <span className="text-xs text-muted-foreground">
                    <TimeAgo ms={e.receivedAt} />
                  </span>
                  {e.note && <span className="text-xs text-muted-foreground">{e.note}</span>}
                  {canAct && (
                    <Button
                      size="sm"
                      variant="ghost"
                      className="ml-auto"
                      disabled={busy}
                      onClick={() => run({ action: "redeliver", eventId: e.eventId })}
                    >
                      Redeliver
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </CardContent>
    </Card>
  );
}
