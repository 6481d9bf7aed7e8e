/**
 * The data-keeping migrations of issue 19.
 *
 * conversationsToRows: conversations that held their messages
 * inline (`messages`, the onboarding samples) get one conversationMessages row
 * per message, the production scope, and their counts; the inline array is
 * then removed. Resumable and idempotent: each run handles a batch of rows
 * still carrying `messages` and schedules itself until none is left. Run with
 * `npx convex run workspace/migrations:conversationsToRows` (or from a test).
 */
import { v } from "convex/values";
import { internal } from "../_generated/api";
import { internalMutation } from "../lib/functions";
import { storageCost } from "../../lib/domain/workspace/limits";
import { DEFAULT_SCOPE } from "./scoping";
import { insertEmbedding, retenant } from "./embeddings";
import { migrations } from "../jobs/migrations";

const BATCH = 100;

const TENANTS_PER_RUN = 20;

export const conversationsToRows = internalMutation({
  args: { cursor: v.optional(v.union(v.string(), v.null())) },
  handler: async (ctx, { cursor }) => {
    // Tenant by tenant (each read a range of one tenant), at most BATCH conversations per transaction.
    const tenants = await ctx.db.query("tenants").paginate({ cursor: cursor ?? null, numItems: TENANTS_PER_RUN });
    let moved = 0;
    for (const t of tenants.page) {
      const rows = await ctx.db
        .query("conversations")
        .withIndex("by_tenant_created", (q) => q.eq("tenantId", t._id))
        .filter((q) => q.or(q.neq(q.field("messages"), undefined), q.eq(q.field("scope"), undefined)))
        .take(BATCH - moved);
      for (const c of rows) {
        const messages = c.messages ?? [];
        for (const [i, m] of messages.entries()) {
          await ctx.db.insert("conversationMessages", {
            tenantId: c.tenantId,
            conversationId: c._id,
            role: m.role,
            content: m.content,
            bytes: storageCost(m.content),
            createdAt: c.createdAt + i,
          });
        }
        const last = messages[messages.length - 1];
        await ctx.db.patch(c._id, {
          messages: undefined,
          scope: c.scope ?? DEFAULT_SCOPE,
          userIdentifier: c.userIdentifier ?? c.customer,
          userContext: c.userContext ?? {},
          contextKey: c.contextKey ?? "",
          messageCount: (c.messageCount ?? 0) + messages.length,
          ...(last ? { lastMessage: last.content.slice(0, 200), lastMessageAt: c.createdAt + messages.length - 1 } : {}),
        });
      }
      moved += rows.length;
      // This transaction is full: run again from the same page of tenants.
      if (moved >= BATCH) {
        await ctx.scheduler.runAfter(0, internal.workspace.migrations.conversationsToRows, { cursor: cursor ?? null });
        return { moved, done: false };
      }
    }
    if (!tenants.isDone)
      await ctx.scheduler.runAfter(0, internal.workspace.migrations.conversationsToRows, { cursor: tenants.continueCursor });
    return { moved, done: tenants.isDone };
  },
});

/**
 * Embeddings out of the memory documents (they made each memory ~30 KB, read by
 * every text recall): a memory holding `embedding` inline gets a memoryEmbeddings
 * row and links to it; the inline vector and the old vector-index filter strings
 * are removed. Run by @convex-dev/migrations (listed in convex/jobs/migrations.ts):
 * a batch per transaction, resumable, and a no-op on a memory already moved.
 * Until it has reached a memory, vector recall does not find that memory.
 */
export const embeddingsToTable = migrations.define({
  table: "memories",
  // Each moved memory writes a ~30 KB row: small batches.
  batchSize: 50,
  migrateOne: async (ctx, m) => {
    if (m.embedding === undefined && m.vectorScope === undefined && m.vectorContext === undefined) return;
    const embeddingId =
      m.embedding !== undefined && m.embeddingId === undefined
        ? await insertEmbedding(ctx.db, {
            tenantId: m.tenantId,
            scope: m.scope,
            contextKey: m.contextKey,
            embedding: m.embedding,
            createdAt: m.createdAt,
          })
        : m.embeddingId;
    await ctx.db.patch(m._id, {
      embedding: undefined,
      vectorScope: undefined,
      vectorContext: undefined,
      ...(embeddingId ? { embeddingId } : {}),
    });
  },
});

/**
 * Embedding rows whose vector filters name another tenant id than their own: rows a tenant move
 * copied before the move engine rewrote the filters for the target's tenant id (issue 19 x 20).
 * Vector recall there searched a partition of the source's id and found none of them. The filters
 * get the row's own tenant id; a row already right is left alone.
 */
export const vectorTenant = migrations.define({
  table: "memoryEmbeddings",
  // Each rewritten row is ~12 KB (its vector): small batches.
  batchSize: 100,
  migrateOne: async (ctx, e) => {
    const own = (filter: string) => retenant(filter, () => e.tenantId);
    if (own(e.vectorScope) === e.vectorScope && own(e.vectorContext) === e.vectorContext) return;
    await ctx.db.patch(e._id, { vectorScope: own(e.vectorScope), vectorContext: own(e.vectorContext) });
  },
});
