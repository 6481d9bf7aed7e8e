/**
 * Tenantry's data model. Every tenant-owned table carries `tenantId`, and
 * every index on such a table starts with `tenantId`, so every read is a
 * range inside one tenant (checked by `npm run audit:tenancy`).
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { PLAN_IDS, MODEL_IDS } from "../lib/plans";
import { ROLES, PLATFORM_ROLES } from "../lib/permissions";

const literals = <T extends string>(xs: readonly T[]) => v.union(...xs.map((x) => v.literal(x)));

export const planValidator = literals(PLAN_IDS);
export const roleValidator = literals(ROLES);
export const modelValidator = literals(MODEL_IDS);
export const tenantStatusValidator = literals(["trial", "active", "past_due", "suspended", "deleted"] as const);
export const quotaOverridesValidator = v.object({
  agents: v.optional(v.union(v.number(), v.null())),
  monthlyTokens: v.optional(v.union(v.number(), v.null())),
  storageBytes: v.optional(v.union(v.number(), v.null())),
  concurrentSessions: v.optional(v.union(v.number(), v.null())),
  apiCallsPerMinute: v.optional(v.union(v.number(), v.null())),
});

export default defineSchema({
  tenants: defineTable({
    name: v.string(),
    slug: v.string(),
    plan: planValidator,
    status: tenantStatusValidator,
    statusSince: v.number(),
    quotaOverrides: v.optional(quotaOverridesValidator),
    /** Monthly budget in cents. */
    monthlyBudgetCents: v.optional(v.number()),
    billingEmail: v.string(),
    stripeCustomerId: v.optional(v.string()),
    stripeSubscriptionId: v.optional(v.string()),
    /** The Clerk organization this tenant mirrors (cloud identity). */
    clerkOrgId: v.optional(v.string()),
    trialEndsAt: v.optional(v.number()),
    deletedAt: v.optional(v.number()),
    hardDeleteAt: v.optional(v.number()),
    /** Where the tenant's data lives: the shared deployment, or a dedicated Convex URL (enterprise, later). */
    deployment: v.union(v.object({ kind: v.literal("shared") }), v.object({ kind: v.literal("dedicated"), url: v.string() })),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_slug", ["slug"])
    .index("by_status", ["status"])
    .index("by_stripe_customer", ["stripeCustomerId"])
    .index("by_clerk_org", ["clerkOrgId"]),

  /** Old slugs keep redirecting after a rename. */
  slugRedirects: defineTable({ tenantId: v.id("tenants"), slug: v.string() }).index("by_tenant", ["tenantId"]).index("by_slug", ["slug"]),

  users: defineTable({
    /** Clerk user id, or the local identity provider's subject. */
    externalId: v.string(),
    email: v.string(),
    name: v.string(),
    platformRole: literals(PLATFORM_ROLES),
    createdAt: v.number(),
  })
    .index("by_external_id", ["externalId"])
    .index("by_email", ["email"]),

  memberships: defineTable({
    tenantId: v.id("tenants"),
    userId: v.id("users"),
    role: roleValidator,
    createdAt: v.number(),
  })
    .index("by_tenant_user", ["tenantId", "userId"])
    .index("by_tenant_role", ["tenantId", "role"])
    // The one cross-tenant index: "which tenants is this user in" (see USER_SCOPED_INDEXES).
    .index("by_user", ["userId"]),

  invitations: defineTable({
    tenantId: v.id("tenants"),
    email: v.string(),
    role: roleValidator,
    tokenHash: v.string(),
    invitedBy: v.id("users"),
    status: literals(["pending", "accepted", "revoked"] as const),
    expiresAt: v.number(),
    createdAt: v.number(),
  })
    .index("by_tenant_status", ["tenantId", "status"])
    .index("by_tenant_email", ["tenantId", "email"]),

  departments: defineTable({
    tenantId: v.id("tenants"),
    name: v.string(),
    costCenter: v.string(),
  }).index("by_tenant_name", ["tenantId", "name"]),

  agents: defineTable({
    tenantId: v.id("tenants"),
    name: v.string(),
    model: modelValidator,
    status: literals(["active", "paused"] as const),
    departmentId: v.optional(v.id("departments")),
    metadata: v.optional(v.record(v.string(), v.string())),
    createdAt: v.number(),
  })
    .index("by_tenant", ["tenantId"])
    .index("by_tenant_name", ["tenantId", "name"])
    .index("by_tenant_status", ["tenantId", "status"])
    .index("by_tenant_model", ["tenantId", "model"])
    .index("by_tenant_department", ["tenantId", "departmentId"]),

  usageEvents: defineTable({
    tenantId: v.id("tenants"),
    agentId: v.id("agents"),
    model: modelValidator,
    inputTokens: v.number(),
    outputTokens: v.number(),
    costMicros: v.number(),
    latencyMs: v.number(),
    success: v.boolean(),
    at: v.number(),
  }).index("by_tenant_at", ["tenantId", "at"]),

  /** One row per tenant x day x model x agent x department: what dashboards read. */
  usageRollups: defineTable({
    tenantId: v.id("tenants"),
    day: v.string(), // YYYY-MM-DD (UTC)
    model: modelValidator,
    agentId: v.id("agents"),
    departmentId: v.union(v.id("departments"), v.null()),
    calls: v.number(),
    inputTokens: v.number(),
    outputTokens: v.number(),
    costMicros: v.number(),
    errors: v.number(),
    latencySumMs: v.number(),
    /** Counts per latency bucket (see convex/lib/latency.ts), enough for p95. */
    latencyBuckets: v.array(v.number()),
  })
    .index("by_tenant_day", ["tenantId", "day"])
    .index("by_tenant_key", ["tenantId", "day", "model", "agentId", "departmentId"]),

  tenantCounters: defineTable({
    tenantId: v.id("tenants"),
    agents: v.number(),
    members: v.number(),
    storageBytes: v.number(),
    activeSessions: v.number(),
    /** YYYY-MM the month-to-date figures belong to; reset when the month changes. */
    month: v.string(),
    monthTokens: v.number(),
    monthCostMicros: v.number(),
    /** Soft-limit notifications already sent this period, e.g. "monthlyTokens:80". */
    notified: v.array(v.string()),
  }).index("by_tenant", ["tenantId"]),

  auditLogs: defineTable({
    /** null for platform-level entries (e.g. a denied attempt on a tenant that does not exist). */
    tenantId: v.union(v.id("tenants"), v.null()),
    actorId: v.union(v.id("users"), v.null()),
    actorEmail: v.string(),
    action: v.string(),
    target: v.optional(v.string()),
    before: v.optional(v.any()),
    after: v.optional(v.any()),
    at: v.number(),
  })
    .index("by_tenant_at", ["tenantId", "at"])
    .index("by_action_at", ["action", "at"]),

  webhookEvents: defineTable({
    provider: literals(["stripe", "clerk"] as const),
    eventId: v.string(),
    type: v.string(),
    tenantId: v.union(v.id("tenants"), v.null()),
    payload: v.string(),
    eventCreated: v.number(),
    receivedAt: v.number(),
    processedAt: v.optional(v.number()),
    outcome: literals(["received", "processed", "duplicate", "ignored", "failed"] as const),
    error: v.optional(v.string()),
  })
    .index("by_provider_event", ["provider", "eventId"])
    .index("by_received", ["receivedAt"]),

  notifications: defineTable({
    tenantId: v.id("tenants"),
    kind: v.string(),
    message: v.string(),
    readAt: v.optional(v.number()),
    createdAt: v.number(),
  }).index("by_tenant_created", ["tenantId", "createdAt"]),
});
