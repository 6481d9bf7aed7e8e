/**
 * `npm run bench:notify [-- --json]`: delivery throughput end to end on this machine.
 * - emails: N outbox emails (one recipient each) rendered with React Email and sent by
 *   the outbox worker over SMTP to the local SMTP server (smtp-server + mailparser,
 *   stored to disk), timed from the first claim until the server has received all N;
 *   then every message is parsed (mailparser) and checked: N distinct, each with its link.
 * - webhooks: M deliveries to a local receiver that verifies every signature with the
 *   standardwebhooks library, timed from the first claim until all M arrived; p95_ms is
 *   the 95th percentile of one delivery's sign-and-POST time.
 * convex-local runs the real convex/ folder on a scratch data dir, in this process. The last line is one
 * JSON object; cpu_ms_per_* is this process's CPU time per item (everything: convex-local, worker,
 * SMTP server or receiver), a figure that moves less than wall-clock rates when the machine is shared.
 *
 * Flags: --emails 1000, --webhooks 10000, --json.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Webhook } from "standardwebhooks";
import { startConvexLocal } from "../lib/local/convex/index";
import { startLocalSmtp } from "../lib/local/smtp/server";
import { listMail } from "../lib/local/smtp/store";
import { smtpPort } from "../lib/server/email/smtp";
import { outboxWorker } from "../lib/server/email/worker";
import { webhookWorker } from "../lib/server/outbound/webhook-worker";
import { newTenant } from "../convex/lib/newTenant";
import { queueEmail } from "../convex/notifications/send";
import { newSecret, queueDelivery } from "../convex/notifications/webhookEvents";

const { values: flags } = parseArgs({
  options: {
    emails: { type: "string", default: "1000" },
    webhooks: { type: "string", default: "10000" },
    json: { type: "boolean", default: false },
  },
});
const EMAILS = Number(flags.emails);
const WEBHOOKS = Number(flags.webhooks);
const SECRET = "bench-notify-system-secret-0123456789abcdef";
const log = (line: string) => !flags.json && console.log(line);
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function until(check: () => boolean, what: string, timeoutMs = 300_000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-notify-"));
  const t = await startConvexLocal({
    dataDir: path.join(root, "convex"),
    port: 0,
    functionsDir: path.resolve("convex"),
    env: { TENANTRY_SYSTEM_SECRET: SECRET },
  });
  const smtp = await startLocalSmtp({ dir: path.join(root, "mailbox") });
  try {
    const tenantId = await t.run(async (ctx) =>
      newTenant(ctx.db, {
        name: "Bench Inc",
        slug: "bench-notify",
        plan: "enterprise",
        status: "active",
        billingEmail: "billing@bench.test",
      }),
    );

    // Emails: queue N (distinct recipients, so none is deduplicated), then drain through SMTP.
    log(`Queueing ${EMAILS} emails…`);
    for (let i = 0; i < EMAILS; i += 100)
      await t.run(async (ctx) => {
        const tenant = await ctx.db.get(tenantId);
        for (let j = i; j < Math.min(EMAILS, i + 100); j++)
          await queueEmail(ctx.db, tenant, "billing.reactivated", [`person${j}@bench.test`], {
            subject: `Bench Inc: Workspace reactivated (${j})`,
            body: "Your workspace is active again.",
            data: {
              tenantName: "Bench Inc",
              slug: "bench-notify",
              title: "Workspace reactivated",
              message: "Your workspace is active again.",
              action: "Open billing",
              path: "/t/bench-notify/billing",
            },
            period: String(j),
            now: Date.now(),
          });
      });
    const emailStart = performance.now();
    const emailCpu = process.cpuUsage();
    const mailer = outboxWorker({
      convexUrl: t.url,
      secret: SECRET,
      appUrl: "http://localhost:3000",
      from: "Tenantry <no-reply@bench.test>",
      port: smtpPort(smtp.smtpUrl),
      // The worker's own batch (50), concurrency (16) and pool of 8 SMTP connections, as the app runs it.
      idleMs: 5,
      log: () => {},
    });
    await until(() => smtp.received() >= EMAILS, "emails");
    const emailSeconds = (performance.now() - emailStart) / 1000;
    const emailCpuMs = cpuMs(process.cpuUsage(emailCpu));
    await mailer.stop();
    log(`Emails: ${EMAILS} in ${emailSeconds.toFixed(2)} s (${Math.round(EMAILS / emailSeconds)}/s)`);
    // What a person reads: every message parsed (mailparser, as the mailbox page does), once each, with its link.
    const parseStart = performance.now();
    const mail = await listMail(smtp.dir);
    const parseSeconds = (performance.now() - parseStart) / 1000;
    const subjects = new Set(mail.map((m) => m.subject));
    const wrong = mail.filter((m) => m.to.length !== 1 || !m.text.includes("http://localhost:3000/t/bench-notify/billing")).length;
    if (mail.length !== EMAILS || subjects.size !== EMAILS || wrong > 0)
      throw new Error(
        `Mailbox check failed: ${mail.length} messages, ${subjects.size} distinct subjects, ${wrong} without recipient or link`,
      );
    log(`Mailbox: ${mail.length} messages parsed in ${parseSeconds.toFixed(2)} s, each once, each with its link`);

    // Webhooks: a receiver verifying every signature, 10 endpoints, M deliveries.
    let received = 0;
    let rejected = 0;
    const secret = newSecret();
    const verifier = new Webhook(secret);
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          verifier.verify(
            Buffer.concat(chunks).toString("utf8"),
            Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
          );
          received++;
          res.writeHead(204).end();
        } catch {
          rejected++;
          res.writeHead(401).end();
        }
      });
    });
    receiver.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    log(`Queueing ${WEBHOOKS} webhook deliveries…`);
    const endpointIds = await t.run(async (ctx) => {
      const ids = [];
      for (let e = 0; e < 10; e++)
        ids.push(
          await ctx.db.insert("webhookEndpoints", {
            tenantId,
            url,
            description: `bench ${e}`,
            events: ["webhook.test"],
            secret,
            status: "enabled",
            consecutiveFailures: 0,
            createdBy: await ctx.db.insert("users", {
              externalId: `bench-${e}`,
              email: `bench${e}@bench.test`,
              name: "Bench",
              platformRole: "none",
              createdAt: Date.now(),
            }),
            createdAt: Date.now(),
            updatedAt: Date.now(),
          }),
        );
      return ids;
    });
    for (let i = 0; i < WEBHOOKS; i += 500)
      await t.run(async (ctx) => {
        const endpoints = await Promise.all(endpointIds.map((id: string) => ctx.db.get(id)));
        for (let j = i; j < Math.min(WEBHOOKS, i + 500); j++)
          await queueDelivery(
            ctx.db,
            endpoints[j % endpoints.length],
            "webhook.test",
            JSON.stringify({ type: "webhook.test", data: { workspace: "bench-notify", n: j } }),
          );
      });
    const times: number[] = [];
    const hookStart = performance.now();
    const hookCpu = process.cpuUsage();
    const hooks = webhookWorker({
      convexUrl: t.url,
      secret: SECRET,
      // The worker's own batch (200), concurrency (64) and claim loops (2), as the app runs it.
      idleMs: 5,
      log: () => {},
      onDelivery: (ms) => times.push(ms),
    });
    await until(() => received + rejected >= WEBHOOKS, "webhooks");
    const hookSeconds = (performance.now() - hookStart) / 1000;
    const hookCpuMs = cpuMs(process.cpuUsage(hookCpu));
    await hooks.stop();
    receiver.close();
    log(
      `Webhooks: ${WEBHOOKS} in ${hookSeconds.toFixed(2)} s (${Math.round(WEBHOOKS / hookSeconds)}/s), ${rejected} rejected, p95 ${p95(times).toFixed(1)} ms`,
    );
    const result = {
      emails: EMAILS,
      emails_per_s: Math.round(EMAILS / emailSeconds),
      mailbox_parse_s: Math.round(parseSeconds * 100) / 100,
      webhooks: WEBHOOKS,
      webhooks_per_s: Math.round(WEBHOOKS / hookSeconds),
      webhooks_rejected: rejected,
      cpu_ms_per_email: Math.round((emailCpuMs / EMAILS) * 100) / 100,
      cpu_ms_per_webhook: Math.round((hookCpuMs / WEBHOOKS) * 100) / 100,
      p95_ms: Math.round(p95(times) * 10) / 10,
    };
    console.log(JSON.stringify(result));
  } finally {
    await smtp.close();
    await t.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench:notify failed: ${(e as Error).message}`);
  process.exit(1);
});
