/**
 * A world for billing tests: convex-local running the real convex/ folder on a
 * scratch data dir (system secret set, as `npm start` sets it), tenants seeded
 * straight into the database the way the app writes them, and readers for the
 * rows billing changes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import type { ConvexLocalHandle } from "../../../lib/local/convex/index";
import { startProjectBackend } from "../../support/convex-local";
import { getCounters } from "../../../convex/lib/counters";
import type { PlanId } from "../../../lib/domain/plans";
import { newTenant } from "../../../convex/lib/newTenant";

export const SYSTEM_SECRET = "billing-test-system-secret-0123456789abcdef";

export type World = { t: ConvexLocalHandle; dataDir: string; dispose(): Promise<void> };

/** Call before importing app modules: lib/server/env.ts reads process.env once. */
export function billingEnv(dataDir: string, extra: Record<string, string> = {}) {
  Object.assign(process.env, { NODE_ENV: "test", TENANTRY_DATA_DIR: dataDir, TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET, ...extra });
}

export function scratchDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `billing-${label}-`));
}

export async function startWorld(dataDir: string): Promise<World> {
  const t = await startProjectBackend("billing", { secret: SYSTEM_SECRET, root: dataDir });
  return { t, dataDir, dispose: t.dispose };
}

export type SeedSpec = {
  slug: string;
  plan?: PlanId;
  status?: "trial" | "active" | "past_due" | "suspended";
  customerId?: string | null;
  subscriptionId?: string;
  budgetCents?: number;
  storageBytes?: number;
  roles?: ("owner" | "admin" | "member" | "viewer")[];
};
export type Seeded = { tenantId: string; slug: string; users: Record<string, { id: string; externalId: string; email: string }> };

export async function seedTenant(t: ConvexLocalHandle, spec: SeedSpec): Promise<Seeded> {
  const roles = spec.roles ?? ["owner", "admin", "member"];
  return t.run(async (ctx) => {
    const now = Date.now();
    const customerId = spec.customerId === undefined ? `cus_${spec.slug}` : spec.customerId;
    const tenantId = await newTenant(ctx.db, {
      name: `${spec.slug} Inc`,
      slug: spec.slug,
      plan: spec.plan ?? "starter",
      status: spec.status ?? "active",
      monthlyBudgetCents: spec.budgetCents ?? 100_00,
      billingEmail: `billing@${spec.slug}.test`,
      ...(customerId ? { stripeCustomerId: customerId } : {}),
      ...(spec.subscriptionId ? { stripeSubscriptionId: spec.subscriptionId } : {}),
      now,
    });
    const counters = await getCounters(ctx.db, tenantId);
    await ctx.db.patch(counters._id, { storageBytes: spec.storageBytes ?? 1_000_000, members: roles.length });
    const users: Seeded["users"] = {};
    for (const role of roles) {
      const externalId = `${spec.slug}-${role}`;
      const email = `${role}@${spec.slug}.test`;
      const id = await ctx.db.insert("users", { externalId, email, name: `${spec.slug} ${role}`, platformRole: "none", createdAt: now });
      await ctx.db.insert("memberships", { tenantId, userId: id, role, createdAt: now });
      users[role] = { id, externalId, email };
    }
    return { tenantId, slug: spec.slug, users };
  });
}

/** What billing touched for a tenant: its row, subscriptions, invoices, audit entries, outbox, notifications. */
export async function billingState(t: ConvexLocalHandle, tenantId: string) {
  return t.query(async (ctx) => {
    const by = (table: string) =>
      ctx.db
        .query(table)
        .collect()
        .then((rows: { tenantId: string }[]) => rows.filter((r) => r.tenantId === tenantId));
    return {
      tenant: await ctx.db.get(tenantId),
      subscriptions: await by("billingSubscriptions"),
      invoices: await by("billingInvoices"),
      accounts: await by("billingAccounts"),
      audits: await by("auditLogs"),
      outbox: await by("emailOutbox"),
      notifications: await by("notifications"),
      events: await by("webhookEvents"),
    };
  });
}

export async function allEvents(t: ConvexLocalHandle) {
  return t.query((ctx) => ctx.db.query("webhookEvents").collect());
}

/** Records `tokens` of usage for the tenant now, through the real applyUsage path (rollups, counters, budget alerts). */
export async function recordUsage(
  t: ConvexLocalHandle,
  tenantId: string,
  tokens: number,
  model: "claude-haiku-4-5" | "claude-opus-4-6" = "claude-haiku-4-5",
) {
  const { applyUsage } = await import("../../../convex/lib/usage");
  return t.run(async (ctx) => {
    let agent = await ctx.db
      .query("agents")
      .withIndex("by_tenant", (q: { eq: (f: string, v: string) => unknown }) => q.eq("tenantId", tenantId))
      .first();
    if (!agent)
      agent = await ctx.db.get(
        await ctx.db.insert("agents", { tenantId, name: "Metered", model, status: "active", createdAt: Date.now() }),
      );
    return applyUsage(ctx.db, tenantId as never, new Map([[agent._id, agent]]), [
      { agentId: agent._id, model, inputTokens: tokens, outputTokens: 0, latencyMs: 100, success: true, at: Date.now() },
    ]);
  });
}

/** The same handle acting as one of the tenant's users (their identity, as the app's JWT would carry it). */
export function as(t: ConvexLocalHandle, user: { externalId: string; email: string }) {
  return t.withIdentity({ subject: user.externalId, email: user.email, name: user.email, issuer: "https://tests.local" });
}

/**
 * What the billing routes hand the owner flow (lib/server/billing/owner-actions.ts) for a
 * signed-in owner, on this test's convex-local. App modules are imported here, after
 * billingEnv() has set the environment they read once.
 */
export async function ownerDeps(t: ConvexLocalHandle, user: { externalId: string; email: string }, appUrl: string) {
  const { systemConvex } = await import("../../../lib/server/convex/gateway");
  const { getBilling } = await import("../../../lib/server/billing");
  const handle = as(t, user);
  return {
    owner: {
      mutation: <F extends FunctionReference<"mutation">>(ref: F, args: FunctionArgs<F>) =>
        handle.mutation(ref, args) as Promise<FunctionReturnType<F>>,
    },
    system: systemConvex(t.url, SYSTEM_SECRET),
    port: getBilling(),
    appUrl,
  };
}
