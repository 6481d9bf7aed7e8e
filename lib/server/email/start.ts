/**
 * Starts the delivery workers in the Next server (instrumentation.ts), once per process:
 * the email outbox worker over SMTP_URL, tenants' outbound webhooks, and on-call pages
 * (ONCALL_WEBHOOK_URL / ONCALL_SLACK_URL). Several servers may run them: a claim is a
 * lease, so nothing is taken twice at once. Without the system secret nothing is sent
 * (the queues keep their rows pending), and without SMTP_URL no email is; the log says so once.
 */
import { getEnv } from "../env";
import { pagerConfig, pagerWorker } from "../outbound/pager";
import { webhookWorker } from "../outbound/webhook-worker";
import type { Drainer } from "../outbound/drain";
import { emailConfig } from "./config";
import { smtpPort } from "./smtp";
import { outboxWorker } from "./worker";

const KEY = Symbol.for("tenantry.email.worker");
const slot = globalThis as { [KEY]?: Drainer[] };

export function startDeliveryWorkers(): void {
  if (slot[KEY] !== undefined) return;
  const env = getEnv();
  const email = emailConfig();
  const workers: Drainer[] = (slot[KEY] = []);
  if (!env.systemSecret) {
    console.warn("Tenantry: no email, webhook or on-call page is sent (TENANTRY_SYSTEM_SECRET is not set); the queues keep them pending.");
    return;
  }
  const common = { convexUrl: env.convex.url, secret: env.systemSecret };
  workers.push(webhookWorker(common));
  const pager = pagerConfig(process.env, env.appUrl);
  workers.push(pagerWorker({ ...common, config: pager }));
  if (!pager.webhookUrl && !pager.slackUrl)
    console.warn("Tenantry: on-call pages are recorded as not sent (set ONCALL_WEBHOOK_URL or ONCALL_SLACK_URL).");
  if (!email.smtpUrl) {
    console.warn("Tenantry: email is not sent (SMTP_URL is not set); the outbox keeps it pending.");
    return;
  }
  workers.push(outboxWorker({ ...common, appUrl: env.appUrl, from: email.from, port: smtpPort(email.smtpUrl) }));
  console.log(`Tenantry: email is sent over ${new URL(email.smtpUrl).host}`);
}
