/**
 * A world for notification tests: convex-local on the real convex/ folder (retries
 * shrunk a thousandfold so an outage drill takes seconds), the local SMTP server,
 * and the outbox worker sending through it, as `npm start` runs them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { startLocalSmtp, type LocalSmtp } from "../../lib/local/smtp/server";
import { listMail, type ReceivedMail } from "../../lib/local/smtp/store";
import { outboxWorker, type OutboxWorker } from "../../lib/server/email/worker";
import { smtpPort } from "../../lib/server/email/smtp";
import { webhookWorker } from "../../lib/server/outbound/webhook-worker";
import type { Drainer } from "../../lib/server/outbound/drain";
import { newTenant } from "../../convex/lib/newTenant";
import { getCounters } from "../../convex/lib/counters";
import type { Role } from "../../lib/domain/permissions";

export const SECRET = "notify-test-system-secret-0123456789abcdef";
export const APP_URL = "http://app.tenantry.test";

export type World = {
  t: ProjectBackend;
  smtp: LocalSmtp;
  worker: OutboxWorker;
  webhooks: Drainer;
  refusing: { on: boolean };
  mail(): Promise<ReceivedMail[]>;
  dispose(): Promise<void>;
};

/** `retryScale` shrinks the retry schedule (5 s ... 2 h) so retries and give-ups happen within a test. */
export async function startWorld(label: string, retryScale = 0.001): Promise<World> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `notify-${label}-`));
  const t = await startProjectBackend("notify", { secret: SECRET, root, env: { TENANTRY_RETRY_SCALE: String(retryScale) } });
  const refusing = { on: false };
  const smtp = await startLocalSmtp({ dir: path.join(root, "mailbox"), refuse: () => refusing.on });
  const worker = outboxWorker({
    convexUrl: t.url,
    secret: SECRET,
    appUrl: APP_URL,
    from: "Tenantry <no-reply@tenantry.test>",
    port: smtpPort(smtp.smtpUrl),
    idleMs: 20,
    log: () => {},
  });
  const webhooks = webhookWorker({ convexUrl: t.url, secret: SECRET, idleMs: 20, timeoutMs: 2000, log: () => {} });
  return {
    t,
    webhooks,
    smtp,
    worker,
    refusing,
    mail: async () => (await listMail(smtp.dir)).reverse(),
    dispose: async () => {
      await webhooks.stop();
      await worker.stop();
      await smtp.close();
      await t.dispose();
    },
  };
}

export type Seeded = { id: string; slug: string; users: Record<string, { id: string; externalId: string; email: string }> };

export async function seedTenant(t: ProjectBackend, slug: string, roles: Role[] = ["owner", "admin", "member", "viewer"]): Promise<Seeded> {
  return t.run(async (ctx) => {
    const now = Date.now();
    const id = await newTenant(ctx.db, {
      name: `${slug} Inc`,
      slug,
      plan: "starter",
      status: "active",
      billingEmail: `billing@${slug}.test`,
      now,
    });
    const counters = await getCounters(ctx.db, id);
    await ctx.db.patch(counters._id, { members: roles.length });
    const users: Seeded["users"] = {};
    for (const role of roles) {
      const externalId = `${slug}-${role}`;
      const email = `${role}@${slug}.test`;
      const userId = await ctx.db.insert("users", { externalId, email, name: `${slug} ${role}`, platformRole: "none", createdAt: now });
      await ctx.db.insert("memberships", { tenantId: id, userId, role, createdAt: now });
      users[role] = { id: userId, externalId, email };
    }
    return { id, slug, users };
  });
}

export const as = (t: ProjectBackend, user: { externalId: string }) => t.withIdentity({ subject: user.externalId });

/** Polls until `check` passes (the worker sends in the background). */
export async function eventually<T>(check: () => T | Promise<T>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
