"use client";

import { useMutation, useQuery } from "convex/react";
import { WebhookIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { attempt } from "@/components/shared/errors";
import { useTenant } from "@/components/tenant/tenant-context";
import {
  endpointUrlProblem,
  eventsProblem,
  MAX_ENDPOINTS,
  NOT_YET_EMITTED,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from "@/lib/domain/notifications/webhooks";
import { TimeAgo } from "@/components/ui/time-ago";

const EVENTS = (Object.keys(WEBHOOK_EVENTS) as WebhookEvent[]).filter((e) => e !== "webhook.test" && !NOT_YET_EMITTED.has(e));

type Endpoint = {
  id: string;
  url: string;
  description: string;
  events: string[];
  status: string;
  disabledReason: string | null;
  consecutiveFailures: number;
  secret: string;
  createdAt: number;
};

/** The workspace's endpoints: add one, and per endpoint its secret, events, state, test, log and removal. */
export function WebhookEndpoints() {
  const { slug } = useTenant();
  const endpoints = useQuery(api.notifications.webhookEndpoints.list, { slug }) as Endpoint[] | undefined;
  return (
    <div className="space-y-6">
      {endpoints !== undefined && endpoints.length < MAX_ENDPOINTS && <NewEndpoint />}
      {endpoints === undefined ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : endpoints.length === 0 ? (
        <EmptyState icon={<WebhookIcon />} title="No endpoints" description="Add an endpoint to receive this workspace's events." />
      ) : (
        endpoints.map((e) => <EndpointCard key={e.id} endpoint={e} />)
      )}
    </div>
  );
}

function NewEndpoint() {
  const { slug } = useTenant();
  const create = useMutation(api.notifications.webhookEndpoints.create);
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const local = endpointUrlProblem(url) ?? eventsProblem(events);
    setProblem(local);
    if (local) return;
    const r = await attempt(
      () => create({ slug, url: url.trim(), events, description: description.trim() || undefined }),
      "Endpoint added",
    );
    if (!r.ok) return setProblem(r.error.message);
    setUrl("");
    setDescription("");
    setEvents([]);
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>Add an endpoint</CardTitle>
        <CardDescription>
          https:// anywhere (plain http only to localhost). Each delivery carries webhook-id, webhook-timestamp and webhook-signature
          headers; verify them with the endpoint&apos;s secret (any Standard Webhooks library).
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form className="space-y-4" onSubmit={submit} noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="space-y-1">
              <Label htmlFor="webhook-url">URL</Label>
              <Input
                id="webhook-url"
                value={url}
                placeholder="https://example.com/webhooks/tenantry"
                aria-invalid={problem !== null && endpointUrlProblem(url) !== null}
                onChange={(e) => setUrl(e.target.value)}
              />
            </div>
            <div className="space-y-1">
              <Label htmlFor="webhook-description">Description (optional)</Label>
              <Input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} />
            </div>
          </div>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Events</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              {EVENTS.map((ev) => (
                <label key={ev} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4"
                    checked={events.includes(ev)}
                    onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
                  />
                  <span>
                    <code className="text-xs">{ev}</code>
                    <span className="block text-muted-foreground">{WEBHOOK_EVENTS[ev]}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          {problem && (
            <p role="alert" className="text-sm text-destructive">
              {problem}
            </p>
          )}
          <Button type="submit">Add endpoint</Button>
        </form>
      </CardContent>
    </Card>
  );
}

function EndpointCard({ endpoint: e }: { endpoint: Endpoint }) {
  const { slug, viaStaff } = useTenant();
  const update = useMutation(api.notifications.webhookEndpoints.update);
  const rotate = useMutation(api.notifications.webhookEndpoints.rotateSecret);
  const remove = useMutation(api.notifications.webhookEndpoints.remove);
  const sendTest = useMutation(api.notifications.webhookEndpoints.sendTest);
  const [showSecret, setShowSecret] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const enabled = e.status === "enabled";
  return (
    <Card role="group" aria-label={`Endpoint ${e.url}`}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 break-all">
          {e.url} <Badge variant={enabled ? "success" : "destructive"}>{enabled ? "Enabled" : "Disabled"}</Badge>
        </CardTitle>
        <CardDescription>
          {e.description || "No description"} · added <TimeAgo ms={e.createdAt} />
          {e.consecutiveFailures > 0 && ` · ${e.consecutiveFailures} failed deliveries in a row`}
        </CardDescription>
        {e.disabledReason && (
          <p role="status" className="text-sm text-destructive">
            {e.disabledReason}
          </p>
        )}
      </CardHeader>
      <CardContent className="space-y-4">
        <p className="flex flex-wrap gap-1">
          {e.events.map((ev) => (
            <Badge key={ev} variant="secondary">
              {ev}
            </Badge>
          ))}
        </p>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">Signing secret:</span>
          {e.secret === null ? (
            <span className="text-muted-foreground">withheld from staff viewing the workspace</span>
          ) : (
            <>
              <code className="break-all rounded bg-muted px-1.5 py-0.5 text-xs">
                {showSecret ? e.secret : `${e.secret.slice(0, 10)}…`}
              </code>
              <Button size="sm" variant="ghost" onClick={() => setShowSecret(!showSecret)} aria-pressed={showSecret}>
                {showSecret ? "Hide" : "Reveal"}
              </Button>
            </>
          )}
        </div>
        {!viaStaff && (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" variant="outline" onClick={() => attempt(() => sendTest({ slug, endpointId: e.id }), "Test event queued")}>
              Send a test event
            </Button>
            <Button
              size="sm"
              variant="outline"
              onClick={() =>
                attempt(() => update({ slug, endpointId: e.id, enabled: !enabled }), enabled ? "Endpoint disabled" : "Endpoint enabled")
              }
            >
              {enabled ? "Disable" : "Enable"}
            </Button>
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="outline">
                  Rotate secret
                </Button>
              }
              title="Rotate the signing secret?"
              description="Deliveries are signed with a new secret from now on; the old one keeps verifying for a day, so update your receiver within 24 hours."
              confirmLabel="Rotate"
              onConfirm={() => attempt(() => rotate({ slug, endpointId: e.id }), "Secret rotated: update your receiver")}
            />
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="outline">
                  Delete
                </Button>
              }
              title="Delete this endpoint?"
              description={`${e.url} stops receiving events at once. Its delivery log is kept.`}
              confirmLabel="Delete endpoint"
              onConfirm={() => attempt(() => remove({ slug, endpointId: e.id }), "Endpoint deleted")}
            />
          </div>
        )}
        <Button size="sm" variant="ghost" onClick={() => setShowLog(!showLog)} aria-expanded={showLog}>
          {showLog ? "Hide deliveries" : "Show deliveries"}
        </Button>
        {showLog && <DeliveryLog endpointId={e.id} />}
      </CardContent>
    </Card>
  );
}

type Delivery = {
  id: string;
  msgId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  createdAt: number;
};

const STATUS_VARIANT: Record<string, "success" | "warning" | "destructive"> = {
  delivered: "success",
  pending: "warning",
  failed: "destructive",
};

function DeliveryLog({ endpointId }: { endpointId: string }) {
  const { slug, viaStaff } = useTenant();
  const rows = useQuery(api.notifications.webhookEndpoints.deliveries, { slug, endpointId, limit: 50 }) as Delivery[] | undefined;
  const redeliver = useMutation(api.notifications.webhookEndpoints.redeliver);
  if (rows === undefined) return <p className="text-sm text-muted-foreground">Loading…</p>;
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No deliveries yet.</p>;
  return (
    <table className="w-full text-sm" aria-label="Deliveries">
      <thead>
        <tr className="text-left text-muted-foreground">
          <th className="py-2 font-medium">Event</th>
          <th className="py-2 font-medium">State</th>
          <th className="py-2 font-medium">Attempts</th>
          <th className="py-2 font-medium">Last answer</th>
          <th className="py-2 font-medium">When</th>
          <th className="py-2" />
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id} className="border-t align-top">
            <td className="py-2">
              <code className="text-xs">{d.eventType}</code>
              <span className="block text-xs text-muted-foreground">{d.msgId}</span>
            </td>
            <td className="py-2">
              <Badge variant={STATUS_VARIANT[d.status] ?? "secondary"}>{d.status}</Badge>
            </td>
            <td className="py-2">{d.attempts}</td>
            <td className="py-2 break-all">{d.lastError ?? (d.responseStatus !== null ? `HTTP ${d.responseStatus}` : "-")}</td>
            <td className="py-2">
              <TimeAgo ms={d.createdAt} />
            </td>
            <td className="py-2 text-right">
              {!viaStaff && d.status !== "pending" && (
                <Button size="sm" variant="ghost" onClick={() => attempt(() => redeliver({ slug, deliveryId: d.id }), "Queued again")}>
                  Redeliver
                </Button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
