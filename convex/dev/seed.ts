/**
 * Demo data (`npm run seed`): four tenants with members, departments,
 * agents, Stripe ids and 90 days of usage with believable shapes. Every step
 * is idempotent, so re-running it changes nothing.
 */
import { v } from "convex/values";
import { internalMutation } from "../lib/functions";
import type { Doc, Id } from "../_generated/dataModel";
import { TRIAL_DAYS, type ModelId, type PlanId } from "../../lib/domain/plans";
import type { Role } from "../../lib/domain/permissions";
import { applyUsage, dayOf, type UsageInput } from "../lib/usage";
import { getCounters } from "../lib/counters";
import { newTenant } from "../lib/newTenant";
import { DAY_MS } from "../../lib/domain/time";

type TenantSpec = {
  slug: string;
  name: string;
  plan: PlanId;
  status: "active" | "trial" | "suspended";
  paying: boolean;
  budgetCents: number;
  members: [string, Role][];
  callsPerDay: number;
  agents: [name: string, model: ModelId, department: string, weight: number][];
};

const DEPARTMENTS: [string, string][] = [
  ["Support", "CC-100"],
  ["Engineering", "CC-200"],
  ["Sales", "CC-300"],
  ["Operations", "CC-400"],
];

export const TENANTS: TenantSpec[] = [
  {
    slug: "acme",
    name: "Acme Corporation",
    plan: "pro",
    status: "active",
    paying: true,
    budgetCents: 1_000_00,
    callsPerDay: 320,
    members: [
      ["owner@acme.test", "owner"],
      ["admin@acme.test", "admin"],
      ["member@acme.test", "member"],
      ["viewer@acme.test", "viewer"],
    ],
    agents: [
      ["Customer Support", "claude-sonnet-4-5", "Support", 30],
      ["Code Reviewer", "claude-opus-4-6", "Engineering", 12],
      ["Data Analyst", "claude-opus-4-6", "Operations", 9],
      ["Email Assistant", "claude-haiku-4-5", "Sales", 20],
      ["Research Bot", "gpt-4o", "Engineering", 6],
      ["Ticket Triage", "claude-haiku-4-5", "Support", 14],
      ["Sales Outreach", "claude-sonnet-4-5", "Sales", 7],
      ["Release Notes", "claude-haiku-4-5", "Engineering", 2],
    ],
  },
  {
    slug: "globex",
    name: "Globex Corporation",
    plan: "starter",
    status: "active",
    paying: true,
    budgetCents: 150_00,
    callsPerDay: 90,
    members: [
      ["owner@globex.test", "owner"],
      ["member@globex.test", "member"],
    ],
    agents: [
      ["Helpdesk", "claude-haiku-4-5", "Support", 10],
      ["Lead Scorer", "gpt-4o", "Sales", 4],
      ["Inventory Watch", "llama-3.1-8b", "Operations", 3],
    ],
  },
  {
    slug: "initech",
    name: "Initech",
    plan: "enterprise",
    status: "trial",
    paying: false,
    budgetCents: 5_000_00,
    callsPerDay: 160,
    members: [["owner@initech.test", "owner"]],
    agents: [
      ["TPS Reporter", "claude-sonnet-4-5", "Operations", 8],
      ["Code Migrator", "claude-opus-4-6", "Engineering", 5],
      ["Status Digest", "claude-haiku-4-5", "Operations", 6],
    ],
  },
  {
    slug: "umbrella",
    name: "Umbrella Corp",
    plan: "pro",
    status: "suspended",
    paying: true,
    budgetCents: 800_00,
    callsPerDay: 110,
    members: [["owner@umbrella.test", "owner"]],
    agents: [
      ["Lab Assistant", "claude-opus-4-6", "Operations", 6],
      ["Compliance Checker", "claude-sonnet-4-5", "Operations", 5],
      ["Press Desk", "claude-haiku-4-5", "Sales", 3],
    ],
  },
];

const userArg = v.object({
  externalId: v.string(),
  email: v.string(),
  name: v.string(),
  platformRole: v.union(v.literal("none"), v.literal("support"), v.literal("admin")),
});

/** Users, tenants, memberships, departments, agents and counters. */
export const base = internalMutation({
  args: { users: v.array(userArg) },
  handler: async (ctx, { users }) => {
    const now = Date.now();
    const userIds = new Map<string, Id<"users">>();
    for (const u of users) {
      const existing = await ctx.db
        .query("users")
        .withIndex("by_external_id", (q) => q.eq("externalId", u.externalId))
        .unique();
      userIds.set(u.email, existing?._id ?? (await ctx.db.insert("users", { ...u, createdAt: now })));
    }
    for (const spec of TENANTS) {
      let tenant = await ctx.db
        .query("tenants")
        .withIndex("by_slug", (q) => q.eq("slug", spec.slug))
        .unique();
      if (tenant) continue;
      const tenantId = await newTenant(ctx.db, {
        name: spec.name,
        slug: spec.slug,
        plan: spec.plan,
        status: spec.status,
        statusSince: now - 5 * DAY_MS,
        monthlyBudgetCents: spec.budgetCents,
        billingEmail: `billing@${spec.slug}.test`,
        ...(spec.paying ? { stripeCustomerId: `cus_demo_${spec.slug}`, stripeSubscriptionId: `sub_demo_${spec.slug}` } : {}),
        // The demo trial started 4 days ago: it ends TRIAL_DAYS after that.
        ...(spec.status === "trial" ? { trialEndsAt: now + (TRIAL_DAYS - 4) * DAY_MS } : {}),
        createdAt: now - 120 * DAY_MS,
        updatedAt: now,
      });
      tenant = (await ctx.db.get(tenantId))!;
      const counters = await getCounters(ctx.db, tenantId);
      for (const [email, role] of spec.members) {
        const userId = userIds.get(email);
        if (userId) await ctx.db.insert("memberships", { tenantId, userId, role, createdAt: now });
      }
      const departments = new Map<string, Id<"departments">>();
      for (const [name, costCenter] of DEPARTMENTS)
        departments.set(name, await ctx.db.insert("departments", { tenantId, name, costCenter }));
      for (const [name, model, department] of spec.agents) {
        await ctx.db.insert("agents", {
          tenantId,
          name,
          model,
          status: "active",
          departmentId: departments.get(department),
          createdAt: now - 100 * DAY_MS,
        });
      }
      await ctx.db.patch(counters._id, {
        agents: spec.agents.length,
        members: spec.members.length,
        storageBytes: Math.round(spec.callsPerDay * 37_000_000),
      });
    }
    return { tenants: TENANTS.map((t) => t.slug) };
  },
});

/** A small deterministic PRNG, so the same seed always makes the same demo. */
function rng(seed: string) {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return ((h ^= h >>> 16) >>> 0) / 4294967296;
  };
}

const LATENCY: Record<ModelId, number> = {
  "claude-opus-4-6": 2400,
  "claude-sonnet-4-5": 1300,
  "claude-haiku-4-5": 520,
  "gpt-4o": 1100,
  "llama-3.1-8b": 380,
};

/** One tenant-day of usage; a day that already has rollups is left alone. */
export const usageDay = internalMutation({
  args: { slug: v.string(), daysAgo: v.number() },
  handler: async (ctx, { slug, daysAgo }) => {
    const spec = TENANTS.find((t) => t.slug === slug);
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!spec || !tenant) return 0;
    const dayStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - daysAgo * DAY_MS;
    const day = dayOf(dayStart);
    const done = await ctx.db
      .query("usageRollups")
      .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenant._id).eq("day", day))
      .first();
    if (done) return 0;
    const agents = await ctx.db
      .query("agents")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenant._id))
      .collect();
    const byName = new Map(agents.map((a) => [a.name, a] as [string, Doc<"agents">]));
    const rand = rng(`${slug}:${day}`);
    const weekday = new Date(dayStart).getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? 0.45 : 1;
    const growth = 0.65 + 0.35 * ((90 - daysAgo) / 90);
    const calls = Math.round(spec.callsPerDay * weekly * growth * (0.85 + rand() * 0.3));
    const totalWeight = spec.agents.reduce((s, a) => s + a[3], 0);
    const events: UsageInput[] = [];
    const now = Date.now();
    for (let i = 0; i < calls; i++) {
      let pick = rand() * totalWeight;
      const spec_ = spec.agents.find((a) => (pick -= a[3]) <= 0) ?? spec.agents[0];
      const agent = byName.get(spec_[0]);
      if (!agent) continue;
      // Business hours peak; a call never lands in the future.
      const at = Math.min(now - 1000, dayStart + Math.round((8 + rand() * 11) * 3_600_000));
      const inputTokens = Math.round(400 + rand() * rand() * 6000);
      const outputTokens = Math.round(150 + rand() * rand() * 1800);
      const latencyMs = Math.round(LATENCY[agent.model] * (0.5 + rand() * rand() * 2.5));
      events.push({ agentId: agent._id, model: agent.model, inputTokens, outputTokens, latencyMs, success: rand() > 0.018, at });
    }
    await applyUsage(ctx.db, tenant._id, new Map(agents.map((a) => [a._id as string, a])), events);
    return events.length;
  },
});
