/**
 * Delivers tenants' outbound webhooks: takes due deliveries from Convex, signs each per
 * the Standard Webhooks spec (standardwebhooks: webhook-id, webhook-timestamp,
 * webhook-signature) and POSTs it; a 2xx is delivered, anything else is retried with
 * backoff by convex/notifications/webhookQueue.ts. No "server-only": tests and the
 * benchmark run it outside Next.
 */
import http from "node:http";
import https from "node:https";
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
  /** Claim loops running at once, so one batch's POSTs overlap the next batch's claim. */
  loops?: number;
  log?: (line: Record<string, unknown>) => void;
  /** Called with each delivery's sign-and-POST time (the benchmark's p95). */
  onDelivery?: (ms: number, ok: boolean) => void;
};

const signers = new Map<string, Webhook>();
/** One signer per secret: constructing one decodes the key, which showed in the benchmark's profile. */
function signer(secret: string): Webhook {
  let w = signers.get(secret);
  if (!w) {
    if (signers.size > 1000) signers.clear();
    signers.set(secret, (w = new Webhook(secret)));
  }
  return w;
}

// node:http with kept-alive sockets, not fetch: undici's per-request cost halved the
// benchmark's deliveries a second (same receiver, same concurrency).
const agents: Record<string, http.Agent> = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * Signs and sends one message; resolves with the HTTP status (redirects are not followed:
 * a 3xx is a failure). With `previousSecret` (a rotation's grace day) the header carries
 * both signatures, space-separated, as the Standard Webhooks spec allows.
 */
export async function postSigned(
  url: string,
  secret: string,
  msgId: string,
  payload: string,
  timeoutMs = 10_000,
  previousSecret: string | null = null,
): Promise<number> {
  const at = new Date();
  const signature = [secret, previousSecret]
    .filter((s): s is string => !!s)
    .map((s) => signer(s).sign(msgId, at, payload))
    .join(" ");
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new Error(`Unsupported URL scheme ${target.protocol}`);
  const body = Buffer.from(payload, "utf8");
  return new Promise<number>((resolve, reject) => {
    const req = (target.protocol === "https:" ? https : http).request(
      target,
      {
        method: "POST",
        agent: agents[target.protocol],
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          "content-type": "application/json",
          "content-length": body.length,
          "user-agent": "Tenantry-Webhooks/1",
          "webhook-id": msgId,
          "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": signature,
        },
      },
      (res) => {
        // The answer's body is not kept, but read to its end so the socket can be reused.
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
        res.on("close", () => !res.complete && reject(new Error("The response was cut off.")));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
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
      const started = performance.now();
      try {
        const status = await postSigned(d.url, d.secret, d.msgId, d.payload, opts.timeoutMs, d.previousSecret);
        const ok = status >= 200 && status < 300;
        opts.onDelivery?.(performance.now() - started, ok);
        return { queueId: d.queueId, ok, status };
      } catch (e) {
        return { queueId: d.queueId, ok: false, error: ((e as Error).cause as Error | undefined)?.message ?? (e as Error).message };
      }
    });
    await client.mutation(api.notifications.webhookQueue.finish, { secret: opts.secret, results });
    const failed = results.filter((r) => !r.ok).length;
    if (failed) log({ delivered: results.length - failed, failed });
    return due.length;
  }
  return drainLoop(drainOnce, { idleMs: opts.idleMs, loops: opts.loops ?? 2, onError: (e) => log({ error: e.message }) });
}
