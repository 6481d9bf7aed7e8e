/**
 * Starts the delivery workers in the Next server (instrumentation.ts), once per process:
 * the email outbox worker over SMTP_URL, tenants' outbound webhooks and on-call pages. Several servers may run them: a claim is a
 * lease, so no email is taken twice at once. Without SMTP_URL or the system secret
 * nothing is sent and the outbox keeps emails pending, which the log says once.
 */
import { getEnv } from "../env";
import { emailConfig } from "./config";
import { smtpPort } from "./smtp";
import { outboxWorker, type OutboxWorker } from "./worker";

const KEY = Symbol.for("tenantry.email.worker");
const slot = globalThis as { [KEY]?: OutboxWorker | null };

export function startDeliveryWorkers(): void {
  if (slot[KEY] !== undefined) return;
  const env = getEnv();
  const email = emailConfig();
  if (!email.smtpUrl || !env.systemSecret) {
    slot[KEY] = null;
    console.warn(
      `Tenantry: email is not sent (${!email.smtpUrl ? "SMTP_URL" : "TENANTRY_SYSTEM_SECRET"} is not set); the outbox keeps it pending.`,
    );
    return;
  }
  slot[KEY] = outboxWorker({
    convexUrl: env.convex.url,
    secret: env.systemSecret,
    appUrl: env.appUrl,
    from: email.from,
    port: smtpPort(email.smtpUrl),
  });
  console.log(`Tenantry: email is sent over ${new URL(email.smtpUrl).host}`);
}
