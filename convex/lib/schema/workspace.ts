/**
 * Tables for: The agents' own data plane: memories, tasks, missions, messages, conversations, scopes (issue 19).
 * Kept in their own module so each area owns its tables; `convex/schema.ts`
 * spreads them into the one schema.
 *
 * Every row carries `tenantId` and `scope` (`<environment>:<team>`, see
 * lib/domain/workspace/scopes.ts), and every index starts with tenantId then
 * scope: a key's reads are ranges inside its own tenant and scope. The vector
 * index's filter fields hold strings that begin with the tenant id (a vector
 * filter is one equality, so tenant, scope and context are folded into it).
 */
import { defineTable } from "convex/server";
import { v } from "convex/values";
import {
  EMBEDDING_DIMENSIONS,
  MEMORY_TYPES,
  MESSAGE_ROLES,
  MISSION_STATUSES,
  PRIORITIES,
  TASK_STATUSES,
} from "../../../lib/domain/workspace/limits";
import { CONTEXT_TYPES } from "../../../lib/domain/workspace/context";

const literals = <T extends string>(xs: readonly T[]) => v.union(...xs.map((x) => v.literal(x)));
const contextValues = v.record(v.string(), v.union(v.string(), v.number(), v.boolean()));

export const workspaceTables = {
  /** Environments besides `production` (which always exists and has no row). */
  environments: defineTable({ tenantId: v.id("tenants"), name: v.string(), createdAt: v.number() }).index("by_tenant_name", [
    "tenantId",
    "name",
  ]),
  teams: defineTable({ tenantId: v.id("tenants"), name: v.string(), createdAt: v.number() }).index("by_tenant_name", ["tenantId", "name"]),
  /** An API key's or agent's scope; a key or agent without a row is `production:` (no team). */
  scopeBindings: defineTable({
    tenantId: v.id("tenants"),
    kind: literals(["apiKey", "agent"] as const),
    /** The apiKeys or agents row id. */
    subjectId: v.string(),
    scope: v.string(),
    updatedAt: v.number(),
  }).index("by_tenant_subject", ["tenantId", "kind", "subjectId"]),
  /** Owner-declared user-context fields (seed 004). */
  contextFields: defineTable({ tenantId: v.id("tenants"), name: v.string(), type: literals(CONTEXT_TYPES), createdAt: v.number() }).index(
    "by_tenant_name",
    ["tenantId", "name"],
  ),

  memories: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    namespace: v.string(),
    type: literals(MEMORY_TYPES),
    content: v.string(),
    createdBy: v.string(),
    /** Canonical user-context key ("" = none), see lib/domain/workspace/context.ts. */
    contextKey: v.string(),
    /**
     * The memory's vector, a row of its own (Convex's documented pattern for vector
     * search): a memory holding 1,536 numbers weighed ~30 KB, read and parsed by every
     * text recall and list that returned it.
     */
    embeddingId: v.optional(v.id("memoryEmbeddings")),
    /**
     * Before the memoryEmbeddings table: the vector inline and the old vector index's
     * filter strings. Only rows the embeddingsToTable migration
     * (convex/workspace/migrations.ts) has not reached hold them.
     */
    embedding: v.optional(v.array(v.float64())),
    vectorScope: v.optional(v.string()),
    vectorContext: v.optional(v.string()),
    bytes: v.number(),
    createdAt: v.number(),
  })
    .index("by_tenant_scope_created", ["tenantId", "scope", "createdAt"])
    .index("by_tenant_scope_namespace", ["tenantId", "scope", "namespace", "createdAt"])
    .index("by_tenant_scope_context", ["tenantId", "scope", "contextKey", "createdAt"])
    // Vector recall finds embedding rows and reads their memories through this index.
    .index("by_tenant_embedding", ["tenantId", "embeddingId"])
    .searchIndex("search_content", { searchField: "content", filterFields: ["tenantId", "scope", "namespace", "contextKey"] }),
  /**
   * One memory's embedding. The memory links here (memories.embeddingId), not the
   * other way round: a vector search answers embedding ids, and the memory is one
   * index lookup away without reading the vector again. (A link both ways would be a
   * cycle the tenant-move engine cannot order.) A vector filter is one equality, so
   * tenant, scope and context are folded into the filter strings.
   */
  memoryEmbeddings: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    embedding: v.array(v.float64()),
    /** `<tenantId>|<scope>` and `<tenantId>|<scope>|<contextKey>`: the vector index's filters. */
    vectorScope: v.string(),
    vectorContext: v.string(),
    createdAt: v.number(),
  })
    .index("by_tenant_scope", ["tenantId", "scope", "createdAt"])
    .vectorIndex("by_embedding", {
      vectorField: "embedding",
      dimensions: EMBEDDING_DIMENSIONS,
      filterFields: ["vectorScope", "vectorContext"],
    }),

  missions: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    title: v.string(),
    description: v.optional(v.string()),
    pilot: v.string(),
    project: v.string(),
    status: literals(MISSION_STATUSES),
    createdBy: v.string(),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_tenant_scope_updated", ["tenantId", "scope", "updatedAt"])
    .index("by_tenant_scope_project", ["tenantId", "scope", "project", "updatedAt"]),

  tasks: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    title: v.string(),
    description: v.optional(v.string()),
    assignedTo: v.optional(v.string()),
    priority: literals(PRIORITIES),
    status: literals(TASK_STATUSES),
    project: v.string(),
    missionId: v.optional(v.id("missions")),
    createdBy: v.string(),
    /** Set when an orchestrator handed this task to a worker (POST /dispatch). */
    dispatchedBy: v.optional(v.string()),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_tenant_scope_updated", ["tenantId", "scope", "updatedAt"])
    .index("by_tenant_scope_project", ["tenantId", "scope", "project", "updatedAt"])
    .index("by_tenant_scope_assignee", ["tenantId", "scope", "assignedTo", "updatedAt"])
    .index("by_tenant_scope_status", ["tenantId", "scope", "status", "updatedAt"])
    .index("by_tenant_scope_mission", ["tenantId", "scope", "missionId"]),

  /** One row per channel and scope: the next message sequence number. */
  messageChannels: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    channel: v.string(),
    lastSeq: v.number(),
    updatedAt: v.number(),
  }).index("by_tenant_scope_channel", ["tenantId", "scope", "channel"]),
  messages: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    channel: v.string(),
    seq: v.number(),
    from: v.string(),
    content: v.string(),
    kind: literals(["message", "dispatch"] as const),
    taskId: v.optional(v.id("tasks")),
    bytes: v.number(),
    createdAt: v.number(),
  }).index("by_tenant_scope_channel_seq", ["tenantId", "scope", "channel", "seq"]),
  /**
   * Receipts per recipient instance and channel, as a high-water mark: every
   * message up to `lastSeq` was delivered to this instance. One row written per
   * check (not one per message), in the same transaction that reads the messages.
   */
  messageReceipts: defineTable({
    tenantId: v.id("tenants"),
    scope: v.string(),
    channel: v.string(),
    recipient: v.string(),
    instanceId: v.string(),
    lastSeq: v.number(),
    updatedAt: v.number(),
  }).index("by_tenant_scope_instance", ["tenantId", "scope", "recipient", "instanceId", "channel"]),

  /**
   * Conversations with end users (seed 004). Rows from before issue 19 held
   * their messages inline (`messages`) and had no scope; the migration in
   * convex/workspace/migrations.ts moves them to `conversationMessages`.
   */
  conversations: defineTable({
    tenantId: v.id("tenants"),
    agentId: v.id("agents"),
    title: v.string(),
    customer: v.string(),
    messages: v.optional(v.array(v.object({ role: literals(["user", "agent"] as const), content: v.string() }))),
    sample: v.boolean(),
    createdAt: v.number(),
    scope: v.optional(v.string()),
    userIdentifier: v.optional(v.string()),
    userContext: v.optional(contextValues),
    contextKey: v.optional(v.string()),
    messageCount: v.optional(v.number()),
    lastMessage: v.optional(v.string()),
    lastMessageAt: v.optional(v.number()),
  })
    .index("by_tenant_created", ["tenantId", "createdAt"])
    .index("by_tenant_agent", ["tenantId", "agentId"])
    .index("by_tenant_scope_created", ["tenantId", "scope", "createdAt"]),
  conversationMessages: defineTable({
    tenantId: v.id("tenants"),
    conversationId: v.id("conversations"),
    role: literals(MESSAGE_ROLES),
    content: v.string(),
    model: v.optional(v.string()),
    inputTokens: v.optional(v.number()),
    outputTokens: v.optional(v.number()),
    latencyMs: v.optional(v.number()),
    /** The usage event this message's model call recorded. */
    usageEventId: v.optional(v.id("usageEvents")),
    bytes: v.number(),
    createdAt: v.number(),
  }).index("by_tenant_conversation", ["tenantId", "conversationId", "createdAt"]),
};
