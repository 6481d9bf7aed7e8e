/**
 * The outbox worker: takes due emails from Convex (api.notifications.outbox.claim),
 * renders each kind's template and sends it through the email port, then reports
 * every result in one call (finish), which retries failures with backoff. This is
 * the documented equivalent of @convex-dev/workpool + action-retrier (see
 * docs/notifications.md): the queue and its retry state live in Convex, so a crash
 * or an SMTP outage loses nothing; a claim is a lease, so an email in flight when a
 * worker dies is sent again after the lease (at least once).
 *
 * No "server-only" import: `npm start`, the tests and the benchmark run it outside Next too.
 */
import { ConvexHttpClient } from "convex/browser";
import { api } from "../../../convex/_generated/api";
import type { EmailPort } from "./port";
import { renderEmail } from "./render";
import { drainLoop, mapLimit, type Drainer } from "../outbound/drain";

export type OutboxWorkerOptions = {
  convexUrl: string;
  secret: string;
  appUrl: string;
  from: string;
  port: EmailPort;
  /** Emails taken per claim. */
  batch?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /** Wait between empty polls. */
  idleMs?: number;
  leaseMs?: number;
  /** Claim loops running at once, so one batch's sends overlap the next batch's claim (a claim is a lease: no email is taken twice). */
  loops?: number;
  log?: (line: Record<string, unknown>) => void;
};

export type OutboxWorker = Drainer;

export function outboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const client = new ConvexHttpClient(opts.convexUrl, { logger: false });
  const batch = opts.batch ?? 50;
  const log = opts.log ?? ((line) => console.log(JSON.stringify({ event: "email_outbox", ...line })));

  async function drainOnce(): Promise<number> {
    const due = await client.mutation(api.notifications.outbox.claim, {
      secret: opts.secret,
      limit: batch,
      leaseMs: opts.leaseMs ?? 60_000,
    });
    if (due.length === 0) return 0;
    const results = await mapLimit(due, opts.concurrency ?? 16, async (email) => {
      try {
        const { html, text } = await renderEmail(
          { kind: email.kind, subject: email.subject, body: email.body, data: email.data as Record<string, unknown> },
          opts.appUrl,
        );
        await opts.port.send({
          from: opts.from,
          to: email.to,
          subject: email.subject,
          html,
          text,
          messageId: `<${email.id}@outbox.tenantry>`,
          headers: { "X-Tenantry-Kind": email.kind },
        });
        return { queueId: email.queueId, ok: true };
      } catch (e) {
        return { queueId: email.queueId, ok: false, error: (e as Error).message.slice(0, 500) };
      }
    });
    await client.mutation(api.notifications.outbox.finish, { secret: opts.secret, results });
    const failed = results.filter((r) => !r.ok).length;
    if (failed) log({ sent: results.length - failed, failed, error: results.find((r) => !r.ok)?.error });
    return due.length;
  }

  return drainLoop(drainOnce, {
    idleMs: opts.idleMs,
    loops: opts.loops ?? 2,
    onError: (e) => log({ error: e.message }),
    onStop: () => opts.port.close(),
  });
}
