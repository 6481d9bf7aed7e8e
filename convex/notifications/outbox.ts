/**
 * The email outbox's worker side. The Next server's outbox worker (lib/server/email/worker.ts)
 * takes due emails with `claim`, sends each over SMTP, and reports with `finish`: sent rows
 * are done; failures wait with backoff (lib/domain/notifications/rules.ts) and fail for good
 * after the last attempt, with the reason kept for staff. At least once: an email is only
 * marked sent after the SMTP server accepted it, and a worker that dies mid-send leaves its
 * claim to expire and be taken again.
 */
import { v } from "convex/values";
import { systemMutation } from "../lib/functions";
import type { Id } from "../_generated/dataModel";
import { alertStaffOnce } from "./send";
import { backoffMs, MAX_ATTEMPTS } from "../../lib/domain/notifications/rules";

/** Tests and the outage drill shrink the retry schedule (convex-local env); 1 in production. */
export const retryScale = () => Number(process.env.TENANTRY_RETRY_SCALE ?? "1") || 1;

export const claim = systemMutation({
  args: { limit: v.number(), leaseMs: v.number() },
  handler: async (ctx, { limit, leaseMs }) => {
    const now = Date.now();
    const due = await ctx.db
      .query("deliveryQueue")
      .withIndex("by_channel_due", (q) => q.eq("channel", "email").lte("dueAt", now))
      .take(Math.min(Math.max(1, limit), 200));
    const out = [];
    for (const item of due) {
      const row = await ctx.db.get(item.ref as Id<"emailOutbox">);
      if (!row || row.status !== "pending") {
        await ctx.db.delete(item._id);
        continue;
      }
      await ctx.db.patch(item._id, { dueAt: now + leaseMs });
      out.push({
        queueId: item._id,
        id: row._id,
        to: row.to,
        subject: row.subject,
        body: row.body,
        kind: row.kind,
        data: row.data ?? {},
        attempts: row.attempts ?? 0,
      });
    }
    return out;
  },
});

export const finish = systemMutation({
  args: { results: v.array(v.object({ queueId: v.id("deliveryQueue"), ok: v.boolean(), error: v.optional(v.string()) })) },
  handler: async (ctx, { results }) => {
    const now = Date.now();
    for (const r of results) {
      const item = await ctx.db.get(r.queueId);
      if (!item) continue;
      const row = await ctx.db.get(item.ref as Id<"emailOutbox">);
      if (!row || row.status !== "pending") {
        await ctx.db.delete(item._id);
        continue;
      }
      const attempts = (row.attempts ?? 0) + 1;
      if (r.ok) {
        await ctx.db.patch(row._id, { status: "sent", sentAt: now, attempts, lastError: undefined, nextAttemptAt: undefined });
        await ctx.db.delete(item._id);
      } else if (attempts >= MAX_ATTEMPTS) {
        const reason = r.error ?? "unknown error";
        await ctx.db.patch(row._id, { status: "failed", attempts, lastError: reason, nextAttemptAt: undefined });
        await ctx.db.delete(item._id);
        const message = `An email to ${row.to.join(", ")} ("${row.subject}") failed after ${attempts} attempts: ${reason}`;
        const details = { outboxId: row._id, kind: row.kind, to: row.to, reason };
        const tenant = row.tenantId && (await ctx.db.get(row.tenantId));
        if (tenant) await alertStaffOnce(ctx.db, tenant, { kind: "email_failed", period: row._id, message, details });
        // The "workspace erased" email outlives its workspace: the alert names the erased id and slug, as purge failures do.
        else
          await ctx.db.insert("staffAlerts", {
            tenantId: item.tenantId,
            kind: "email_failed",
            period: row._id,
            message,
            details: { slug: (row.data as { slug?: string } | undefined)?.slug, ...details },
            createdAt: now,
          });
      } else {
        const dueAt = now + Math.round(backoffMs(attempts) * retryScale());
        await ctx.db.patch(row._id, { attempts, lastError: r.error ?? "unknown error", nextAttemptAt: dueAt });
        await ctx.db.patch(item._id, { dueAt });
      }
    }
    return null;
  },
});
