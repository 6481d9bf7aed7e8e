/**
 * Tenantry's data model. Every tenant-owned table carries `tenantId`, and
 * every index on such a table starts with `tenantId`, so every read is a
 * range inside one tenant (checked by `npm run audit:tenancy`).
 */
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { PLAN_IDS, MODEL_IDS } from "../lib/domain/plans";
import { ROLES, PLATFORM_ROLES } from "../lib/domain/permissions";
import { TENANT_STATUSES } from "../lib/domain/tenant-status";
import { notificationTables } from "./lib/schema/notifications";
import { operatorTables } from "./lib/schema/operator";
import { moveTables } from "./lib/schema/moves";
import { rollupTables } from "./lib/schema/rollups";
import { placementValidator, platformTables } from "./lib/schema/platform";
import { workspaceTables } from "./lib/schema/workspace";

const literals = <T extends string>(xs: readonly T[]) => v.union(...xs.map((x) => v.literal(x)));

export const planValidator = literals(PLAN_IDS);
export const roleValidator = literals(ROLES);
export const modelValidator = literals(MODEL_IDS);
/** Calls, errors, tokens and cost summed over some usage. */
export const usageTotals = v.object({
  calls: v.number(),
  errors: v.number(),
  inputTokens: v.number(),
  outputTokens: v.number(),
  costMicros: v.number(),
});
export const tenantStatusValidator = literals(TENANT_STATUSES);
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
    /** The status a soft-deleted tenant returns to when restored (a suspended tenant stays suspended). */
    restoreStatus: v.optional(tenantStatusValidator),
    /** Who soft-deleted it: an owner may restore only their own deletion; one by platform staff waits for staff (absent on older rows = owner). */
    deletedBy: v.optional(v.union(v.literal("owner"), v.literal("staff"))),
    /** Staff's reason for a platform deletion, shown to the tenant's owners. */
    deletionReason: v.optional(v.string()),
    /** Replaced by `placement` (never used for routing); jobs/migrations:placement removes it from existing rows. */
    deployment: v.optional(v.union(v.object({ kind: v.literal("shared") }), v.object({ kind: v.literal("dedicated"), url: v.string() }))),
    /** Where the tenant's data lives (lib/domain/placement.ts). Absent only before jobs/migrations:placement: read it through placementOf (convex/platform/read.ts). */
    placement: v.optional(placementValidator),
    /** Bumped by every placement change: the compare-and-set of platform/registry:setPlacement. */
    placementVersion: v.optional(v.number()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_slug", ["slug"])
    .index("by_status", ["status"])
    .index("by_stripe_customer", ["stripeCustomerId"])
    .index("by_clerk_org", ["clerkOrgId"])
    .index("by_placement_shard", ["placement.shard"])
    .index("by_placement_deployment", ["placement.deployment"]),

  /** Old slugs keep redirecting after a rename. */
  slugRedirects: defineTable({ tenantId: v.id("tenants"), slug: v.string() })
    .index("by_tenant", ["tenantId"])
    .index("by_slug", ["slug"]),

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
    /** The invitee's name when known (CSV import). */
    name: v.optional(v.string()),
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
    .index("by_tenant_department", ["tenantId", "departmentId"])
    // The Agents table's search box: word matches on the name within one tenant, narrowed by the table's filters.
    .searchIndex("search_name", { searchField: "name", filterFields: ["tenantId", "status", "model", "departmentId"] }),

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

  /**
   * One row per tenant x day: the day's totals and its breakdowns by model,
   * agent and department, kept in the same transaction as the rollups. A
   * period report reads one row per day (366 for a year) however many agents
   * and models the tenant has.
   */
  usageDays: defineTable({
    tenantId: v.id("tenants"),
    day: v.string(), // YYYY-MM-DD (UTC)
    total: usageTotals,
    models: v.record(v.string(), usageTotals),
    agents: v.record(v.string(), usageTotals),
    /** Keyed by department id, "none" for agents without one. */
    departments: v.record(v.string(), usageTotals),
    /** Calls through the runtime API, keyed "<agentId>:<apiKeyId>" (lib/usageDays.ts keyPairKey); absent before any. */
    keys: v.optional(v.record(v.string(), usageTotals)),
    /** The day's minutes with calls, and with a failed call: bitmaps of 45 x 32 bits (lib/domain/uptime.ts); absent before any. */
    minutesActive: v.optional(v.array(v.number())),
    minutesFailed: v.optional(v.array(v.number())),
  }).index("by_tenant_day", ["tenantId", "day"]),

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
    /** YYYY-MM-DD of the newest recorded usage (convex/lib/usage.ts); absent until the first call. */
    lastActiveDay: v.optional(v.string()),
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
    /** Repeats folded into this entry (denied attempts within a window): how many in all, and the latest. Absent = 1. */
    count: v.optional(v.number()),
    lastAt: v.optional(v.number()),
  })
    .index("by_tenant_at", ["tenantId", "at"])
    .index("by_action_at", ["action", "at"])
    // The admin audit log's actor and time-only filters.
    .index("by_actor_at", ["actorEmail", "at"])
    .index("by_at", ["at"]),

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
    .index("by_received", ["receivedAt"])
    // The admin webhook log's filters, newest first.
    .index("by_provider_received", ["provider", "receivedAt"])
    .index("by_outcome_received", ["outcome", "receivedAt"])
    .index("by_tenant_received", ["tenantId", "receivedAt"]),

  /**
   * Platform admin: one row per tenant holding what the all-tenants table sorts
   * and filters on, kept in step with `tenants` and `tenantCounters` by triggers
   * (convex/lib/platformStats.ts), so a page of 10,000 tenants sorted by cost is
   * one index walk. One index per sort column and filter prefix (none, status,
   * plan, plan+status); `month` leads the cost/token keys so a counter left over
   * from last month sorts as zero.
   */
  tenantDirectory: defineTable({
    tenantId: v.id("tenants"),
    name: v.string(),
    /** Lower-cased name: case-insensitive sort and prefix search. */
    nameKey: v.string(),
    slug: v.string(),
    plan: planValidator,
    status: tenantStatusValidator,
    createdAt: v.number(),
    agents: v.number(),
    storageBytes: v.number(),
    month: v.string(),
    monthTokens: v.number(),
    monthCostMicros: v.number(),
    /** Effective limits (plan + overrides) for the quota alert; null is unlimited. */
    limits: v.object({
      agents: v.union(v.number(), v.null()),
      monthlyTokens: v.union(v.number(), v.null()),
      storageBytes: v.union(v.number(), v.null()),
    }),
    /** Highest of agents / monthly tokens / storage use, percent of the limit. */
    quotaPercent: v.number(),
    /** Token overage this month in cents (lib/domain/plans OVERAGE), part of platform revenue. */
    overageCents: v.number(),
    /** Copied from tenantCounters; "" for never. Optional only for rows written before it existed. */
    lastActiveDay: v.optional(v.string()),
  })
    .index("by_tenant", ["tenantId"])
    .index("by_slug", ["slug"])
    .index("by_name", ["nameKey"])
    .index("by_status_name", ["status", "nameKey"])
    .index("by_plan_name", ["plan", "nameKey"])
    .index("by_plan_status_name", ["plan", "status", "nameKey"])
    .index("by_status_plan_name", ["status", "plan", "nameKey"])
    .index("by_agents", ["agents"])
    .index("by_status_agents", ["status", "agents"])
    .index("by_plan_agents", ["plan", "agents"])
    .index("by_plan_status_agents", ["plan", "status", "agents"])
    .index("by_cost", ["month", "monthCostMicros"])
    .index("by_status_cost", ["status", "month", "monthCostMicros"])
    .index("by_plan_cost", ["plan", "month", "monthCostMicros"])
    .index("by_plan_status_cost", ["plan", "status", "month", "monthCostMicros"])
    .index("by_created", ["createdAt"])
    .index("by_status_created", ["status", "createdAt"])
    .index("by_plan_created", ["plan", "createdAt"])
    .index("by_plan_status_created", ["plan", "status", "createdAt"])
    .index("by_last_active", ["lastActiveDay"])
    .index("by_status_last_active", ["status", "lastActiveDay"])
    .index("by_plan_last_active", ["plan", "lastActiveDay"])
    .index("by_plan_status_last_active", ["plan", "status", "lastActiveDay"])
    .index("by_tokens", ["month", "monthTokens"])
    .index("by_quota", ["quotaPercent"]),

  /**
   * Platform-wide sums (tenants by plan and status, MRR, agents, usage per day
   * and month), each split over a few shards by tenant so concurrent writers
   * for different tenants rarely touch the same document. Readers add the shards.
   */
  platformCounters: defineTable({
    key: v.string(),
    shard: v.number(),
    values: v.record(v.string(), v.number()),
  }).index("by_key_shard", ["key", "shard"]),

  // conversations: in ./lib/schema/workspace.ts since issue 19, with their messages as rows.

  /**
   * Billing (issue 6). The newest known state of each Stripe subscription of a
   * tenant: webhook events older than `stateAsOf` are stale and change nothing.
   */
  billingSubscriptions: defineTable({
    tenantId: v.id("tenants"),
    subscriptionId: v.string(),
    customerId: v.string(),
    /** Stripe's subscription status (active, trialing, past_due, canceled, ...). */
    status: v.string(),
    /** null when the price is not one of the plans' prices. */
    plan: v.union(planValidator, v.null()),
    priceId: v.union(v.string(), v.null()),
    /** Times in ms. `startedAt` is the subscription's own `created`. */
    startedAt: v.number(),
    currentPeriodStart: v.union(v.number(), v.null()),
    currentPeriodEnd: v.union(v.number(), v.null()),
    cancelAtPeriodEnd: v.boolean(),
    canceledAt: v.union(v.number(), v.null()),
    trialEnd: v.union(v.number(), v.null()),
    /** `created` (Stripe seconds) of the event, or the fetch, this state comes from. */
    stateAsOf: v.number(),
    updatedAt: v.number(),
  }).index("by_tenant_subscription", ["tenantId", "subscriptionId"]),

  /** Invoices as Stripe reported them, plus the metered lines Tenantry added (decided once per invoice). */
  billingInvoices: defineTable({
    tenantId: v.id("tenants"),
    invoiceId: v.string(),
    subscriptionId: v.union(v.string(), v.null()),
    number: v.union(v.string(), v.null()),
    status: v.string(),
    billingReason: v.union(v.string(), v.null()),
    currency: v.string(),
    totalCents: v.number(),
    amountDueCents: v.number(),
    amountPaidCents: v.number(),
    periodStart: v.number(),
    periodEnd: v.number(),
    hostedInvoiceUrl: v.union(v.string(), v.null()),
    /** Last failed payment attempt (ms); null once paid. Open invoices with one make the tenant past due. */
    paymentFailedAt: v.union(v.number(), v.null()),
    meteredLines: v.optional(
      v.array(
        v.object({
          kind: literals(["tokens", "storage"] as const),
          description: v.string(),
          quantity: v.number(),
          amountCents: v.number(),
        }),
      ),
    ),
    meteredLinesPushedAt: v.optional(v.number()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_tenant_invoice", ["tenantId", "invoiceId"])
    .index("by_tenant_created", ["tenantId", "createdAt"])
    .index("by_tenant_status", ["tenantId", "status"]),

  /** Per-tenant billing bookkeeping: how far usage has been invoiced, and the dunning clock. */
  billingAccounts: defineTable({
    tenantId: v.id("tenants"),
    /** Usage already on an invoice: every rollup day before `day`, and `tokens` of `day` itself. */
    billedThrough: v.optional(v.object({ day: v.string(), tokens: v.number() })),
    pastDueSince: v.optional(v.number()),
    suspendAt: v.optional(v.number()),
    /** Billing (not staff) suspended the tenant, so paying lifts it. */
    billingSuspended: v.optional(v.boolean()),
    updatedAt: v.number(),
  }).index("by_tenant", ["tenantId"]),

  /** Agent-runtime API keys (issue 8): only the SHA-256 of a key is stored; `prefix` lets people recognise it. */
  apiKeys: defineTable({
    tenantId: v.id("tenants"),
    name: v.string(),
    prefix: v.string(),
    hash: v.string(),
    /** Optional cap for this key, below the tenant's calls-per-minute limit. */
    rateLimitPerMinute: v.optional(v.number()),
    createdBy: v.id("users"),
    createdAt: v.number(),
    lastUsedAt: v.optional(v.number()),
    revokedAt: v.optional(v.number()),
    revokedBy: v.optional(v.id("users")),
  })
    .index("by_tenant", ["tenantId", "createdAt"])
    // Resolves a presented key to its tenant; read only by convex/lib/apiDoor.ts (see KEY_LOOKUP_INDEXES).
    .index("by_hash", ["hash"]),

  /** Files agent runtimes uploaded through the API (bytes in Convex storage); their sizes count in storageBytes. */
  files: defineTable({
    tenantId: v.id("tenants"),
    storageId: v.id("_storage"),
    name: v.string(),
    contentType: v.string(),
    size: v.number(),
    apiKeyId: v.id("apiKeys"),
    createdAt: v.number(),
  }).index("by_tenant_created", ["tenantId", "createdAt"]),

  /** Token buckets for API rate limits: "tenant", or "key:<apiKeyId>" for a capped key. */
  rateBuckets: defineTable({ tenantId: v.id("tenants"), name: v.string(), tokens: v.number(), updatedAt: v.number() }).index(
    "by_tenant_name",
    ["tenantId", "name"],
  ),

  /** Answers to API POSTs sent with an Idempotency-Key, replayed to retries for 24 hours. */
  idempotencyKeys: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    requestHash: v.string(),
    response: v.string(),
    createdAt: v.number(),
  })
    .index("by_tenant_scope", ["tenantId", "scope"])
    .index("by_tenant_created", ["tenantId", "createdAt"]),

  /** Agent sessions started through the API; active ones count against the concurrent-sessions quota. */
  agentSessions: defineTable({
    tenantId: v.id("tenants"),
    agentId: v.id("agents"),
    apiKeyId: v.id("apiKeys"),
    model: modelValidator,
    status: literals(["active", "ended", "expired"] as const),
    idleTimeoutMs: v.number(),
    startedAt: v.number(),
    lastSeenAt: v.number(),
    expiresAt: v.number(),
    endedAt: v.optional(v.number()),
  }).index("by_tenant_status_expires", ["tenantId", "status", "expiresAt"]),

  /**
   * External clean-up owed for a soft-deleted tenant (Stripe subscription, Clerk organization),
   * captured while the tenant row still exists so it survives the hard delete; kept as the record.
   */
  tenantPurges: defineTable({
    tenantId: v.id("tenants"),
    slug: v.string(),
    dueAt: v.number(),
    stripeSubscriptionId: v.optional(v.string()),
    clerkOrgId: v.optional(v.string()),
    status: literals(["pending", "running", "done", "cancelled"] as const),
    attempts: v.number(),
    outcome: v.optional(v.string()),
    updatedAt: v.number(),
  })
    .index("by_tenant", ["tenantId"])
    .index("by_status_due", ["status", "dueAt"]),
  ...notificationTables,
  ...operatorTables,
  ...workspaceTables,
  ...moveTables,
  ...rollupTables,
  ...platformTables,
});
