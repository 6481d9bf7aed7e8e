/**
 * Delivers tenants' outbound webhooks: takes due deliveries from Convex, signs each per
 * the Standard Webhooks spec (standardwebhooks: webhook-id, webhook-timestamp,
 * webhook-signature) and POSTs it; a 2xx is delivered, anything else is retried with
 * backoff by convex/notifications/webhookQueue.ts. No "server-only": tests and the
 * benchmark run it outside Next.
 */
import { ConvexHttpClient } from "convex/browser";
import { Webhook } from "standardwebhooks";
import { api } from "../../../convex/_generated/api";
import { drainLoop, mapLimit, type Drainer } from "./drain";

export type WebhookWorkerOptions = {
  convexUrl: string;
  secret: string;
  batch?: number;
  concurrency?: number;
  idleMs?: number;
  timeoutMs?: number;
  log?: (line: Record<string, unknown>) => void;
};

/** Signs and sends one message; resolves with the HTTP status. */
export async function postSigned(url: string, secret: string, msgId: string, payload: string, timeoutMs = 10_000): Promise<number> {
  const at = new Date();
  const signature = new Webhook(secret).sign(msgId, at, payload);
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Tenantry-Webhooks/1",
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: payload,
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
}

export function webhookWorker(opts: WebhookWorkerOptions): Drainer {
  const client = new ConvexHttpClient(opts.convexUrl, { logger: false });
  const log = opts.log ?? ((line) => console.log(JSON.stringify({ event: "webhook_outbound", ...line })));
  async function drainOnce(): Promise<number> {
    const due = await client.mutation(api.notifications.webhookQueue.claim, {
      secret: opts.secret,
      limit: opts.batch ?? 200,
      leaseMs: 60_000,
    });
    if (due.length === 0) return 0;
    const results = await mapLimit(due, opts.concurrency ?? 64, async (d) => {
      try {
        const status = await postSigned(d.url, d.secret, d.msgId, d.payload, opts.timeoutMs);
        return { queueId: d.queueId, ok: status >= 200 && status < 300, status };
      } catch (e) {
        return { queueId: d.queueId, ok: false, error: ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message };
      }
    });
    await client.mutation(api.notifications.webhookQueue.finish, { secret: opts.secret, results });
    const failed = results.filter((r) => !r.ok).length;
    if (failed) log({ delivered: results.length - failed, failed });
    return due.length;
  }
  return drainLoop(drainOnce, { idleMs: opts.idleMs, onError: (e) => log({ error: e.message }) });
}
