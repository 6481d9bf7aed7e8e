/**
 * Memories (seed 000) through the runtime API and MCP: store, recall by text,
 * list, delete. Every read is a range of the key's tenant and scope (indexes
 * and the search index start with them); a conversation's context narrows it
 * further, server-side. Vector recall is in ./recall.ts (vector search runs in
 * actions), which passes `vectorGate` below first.
 */
import { v, type Infer } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { apiMutation, type ApiCtx } from "../lib/apiDoor";
import { internalQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { EMBEDDING_DIMENSIONS, MAX_MEMORY_CONTENT, MAX_RECALL, MEMORY_TYPES, storageCost } from "../../lib/domain/workspace/limits";
import { prefixProblem, readNamespace, agentNameProblem } from "../../lib/domain/workspace/namespaces";
import { readContext } from "../../lib/domain/workspace/context";
import { checkedX, cursorX, enumX, intX, objectX, optObjectX, optStringX, optVectorX, stringX } from "../../lib/domain/workspace/input";
import { assertStorage, boundScope, chargeStorage, contextFieldsOf, conversationX, iso, readX } from "./scoping";
import { deleteMemory, insertEmbedding, vectorFilters } from "./embeddings";

export const memoryOut = (m: Doc<"memories">, score?: number) => ({
  id: m._id as string,
  namespace: m.namespace,
  type: m.type,
  content: m.content,
  createdBy: m.createdBy,
  context: m.contextKey || null,
  hasEmbedding: m.embeddingId !== undefined || m.embedding !== undefined,
  createdAt: iso(m.createdAt),
  ...(score !== undefined ? { score } : {}),
});

type Filter = { scope: string; namespace: string | null; prefix: string | null; contextKey: string | null };

/** The namespace / prefix / conversation filter of a read; a conversation's context always applies. */
async function readFilter(ctx: ApiCtx, body: Record<string, unknown>): Promise<Filter> {
  const scope = await boundScope(ctx.db, ctx.tenant._id, "apiKey", ctx.apiKey._id);
  const given = readX(() => optStringX(body, "namespace", 200));
  let namespace: string | null = null;
  if (given !== undefined) {
    const ns = readNamespace(given, ctx.tenant.slug);
    if (!ns.ok) throw appError(ns.code, ns.message, ns.field);
    namespace = ns.namespace;
  }
  const prefix = readX(() => optStringX(body, "namespacePrefix", 200)) ?? null;
  if (prefix !== null) {
    const why = prefixProblem(prefix);
    if (why) throw appError("INVALID", why, "namespacePrefix");
  }
  const conversationId = readX(() => optStringX(body, "conversationId", 64));
  const contextKey = conversationId ? ((await conversationX(ctx.db, ctx.tenant._id, scope, conversationId)).contextKey ?? "") : null;
  return { scope, namespace, prefix, contextKey };
}

const matches = (m: Doc<"memories">, f: Filter) =>
  (f.namespace === null || m.namespace === f.namespace) &&
  (f.prefix === null || m.namespace.startsWith(f.prefix)) &&
  (f.contextKey === null || m.contextKey === f.contextKey);

export const store = apiMutation({
  args: { input: v.any() },
  access: "report",
  handler: async (ctx, { input }) => {
    const tenantId = ctx.tenant._id;
    const scope = await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id);
    const body = readX(() => objectX(input, ["namespace", "type", "content", "createdBy", "embedding", "conversationId", "context"]));
    const ns = readNamespace(
      readX(() => stringX(body, "namespace", 200)),
      ctx.tenant.slug,
    );
    if (!ns.ok) throw appError(ns.code, ns.message, ns.field);
    const namespace = ns.namespace ?? "global";
    const type = readX(() => enumX(body, "type", MEMORY_TYPES, "note"));
    const content = readX(() => stringX(body, "content", MAX_MEMORY_CONTENT));
    const createdBy = readX(() => checkedX(body, "createdBy", (s) => agentNameProblem(s, "createdBy")));
    const embedding = readX(() => optVectorX(body, "embedding", EMBEDDING_DIMENSIONS));
    const conversationId = readX(() => optStringX(body, "conversationId", 64));
    const context = readX(() => optObjectX(body, "context"));
    if (conversationId && context) throw appError("INVALID", "Give conversationId or context, not both.", "context");
    let contextKey = "";
    if (conversationId) contextKey = (await conversationX(ctx.db, tenantId, scope, conversationId)).contextKey ?? "";
    if (context) {
      const read = readContext(context, await contextFieldsOf(ctx.db, tenantId), "context");
      if (!read.ok) throw appError("INVALID", read.message, read.field);
      contextKey = read.key;
    }
    const bytes = storageCost(content, embedding);
    const counters = await assertStorage(ctx.db, ctx.tenant, bytes);
    const embeddingId = embedding
      ? await insertEmbedding(ctx.db, { tenantId, scope, contextKey, embedding, createdAt: ctx.now })
      : undefined;
    const id = await ctx.db.insert("memories", {
      tenantId,
      scope,
      namespace,
      type,
      content,
      createdBy,
      contextKey,
      ...(embeddingId ? { embeddingId } : {}),
      bytes,
      createdAt: ctx.now,
    });
    await chargeStorage(ctx.db, ctx.tenant, counters, bytes);
    return memoryOut((await ctx.db.get("memories", id))!);
  },
});

/** Full-text recall: the best matches of `query` among the key's memories (filtered as `readFilter` says). */
export const recall = apiMutation({
  args: { input: v.any() },
  access: "read",
  handler: async (ctx, { input }) => {
    const body = readX(() => objectX(input, ["query", "namespace", "namespacePrefix", "conversationId", "limit"]));
    const query = readX(() => stringX(body, "query", 500));
    const limit = readX(() => intX(body, "limit", 1, MAX_RECALL, 10));
    const f = await readFilter(ctx, body);
    const tenantId = ctx.tenant._id;
    const rows = await ctx.db
      .query("memories")
      .withSearchIndex("search_content", (q) => {
        let s = q.search("content", query).eq("tenantId", tenantId).eq("scope", f.scope);
        if (f.namespace !== null) s = s.eq("namespace", f.namespace);
        if (f.contextKey !== null) s = s.eq("contextKey", f.contextKey);
        return s;
      })
      // A prefix is not a search filter: read further so the page still fills.
      .take(f.prefix === null ? limit : limit * 4);
    return {
      results: rows
        .filter((m) => matches(m, f))
        .slice(0, limit)
        .map((m) => memoryOut(m)),
    };
  },
});

export const list = apiMutation({
  args: { input: v.any() },
  access: "read",
  handler: async (ctx, { input }) => {
    const body = readX(() => objectX(input, ["namespace", "conversationId", "limit", "cursor"]));
    const limit = readX(() => intX(body, "limit", 1, 200, 50));
    const cursor = readX(() => cursorX(body));
    const f = await readFilter(ctx, body);
    const tenantId = ctx.tenant._id;
    const q =
      f.namespace !== null
        ? ctx.db
            .query("memories")
            .withIndex("by_tenant_scope_namespace", (r) => r.eq("tenantId", tenantId).eq("scope", f.scope).eq("namespace", f.namespace!))
        : f.contextKey !== null
          ? ctx.db
              .query("memories")
              .withIndex("by_tenant_scope_context", (r) => r.eq("tenantId", tenantId).eq("scope", f.scope).eq("contextKey", f.contextKey!))
          : ctx.db.query("memories").withIndex("by_tenant_scope_created", (r) => r.eq("tenantId", tenantId).eq("scope", f.scope));
    const page = await pageX(
      q.order("desc").filter((r) => (f.contextKey === null ? true : r.eq(r.field("contextKey"), f.contextKey))),
      cursor,
      limit,
    );
    return { memories: page.page.map((m) => memoryOut(m)), nextCursor: page.isDone ? null : page.continueCursor };
  },
});

/** `paginate`, with a cursor the database cannot read answered as INVALID (field cursor). */
export async function pageX<T>(
  q: { paginate(o: { cursor: string | null; numItems: number }): Promise<{ page: T[]; isDone: boolean; continueCursor: string }> },
  cursor: string | null,
  numItems: number,
) {
  try {
    return await q.paginate({ cursor, numItems });
  } catch (e) {
    if (cursor === null) throw e;
    throw appError("INVALID", "cursor must be the nextCursor of a previous page of this list.", "cursor");
  }
}

export const remove = apiMutation({
  args: { memoryId: v.string() },
  access: "report",
  handler: async (ctx, { memoryId }) => {
    const scope = await boundScope(ctx.db, ctx.tenant._id, "apiKey", ctx.apiKey._id);
    const id = ctx.db.normalizeId("memories", memoryId);
    const row = id ? await ctx.db.get("memories", id) : null;
    if (!row || row.scope !== scope) throw appError("NOT_FOUND", "No memory with this id in this workspace and scope.");
    await deleteMemory(ctx.db, row);
    await chargeStorage(ctx.db, ctx.tenant, null, -row.bytes);
    return { id: row._id as string, deleted: true };
  },
});

/** A namespace filter is applied after the search: read this many times the limit (at most 256) to fill the page. */
const OVERFETCH = 4;
/** How many embedding rows a vector recall reads from the index for a page of `limit`. */
export const vectorSearchLimit = (g: { limit: number; namespace: string | null; prefix: string | null }) =>
  Math.min(256, g.namespace !== null || g.prefix !== null ? g.limit * OVERFETCH : g.limit);

/** The one filter value a vector search may use: the tenant's scope, or its scope and a conversation's context. */
const vectorFilterV = v.object({ field: v.union(v.literal("vectorScope"), v.literal("vectorContext")), value: v.string() });
export type VectorFilter = Infer<typeof vectorFilterV>;
const foundV = v.object({
  filter: vectorFilterV,
  limit: v.number(),
  ids: v.array(v.object({ id: v.id("memoryEmbeddings"), score: v.number() })),
});

/**
 * The door for vector recall: rate limit and status rules as every call, then the
 * checked request and the one vector-index filter value it may use (tenant and
 * scope, plus the conversation's context when one is given).
 *
 * `found`: what workspace/recall:vector already searched for, with the filter it
 * guessed (the one this gate gave the same key before). When that filter and the
 * search limit are exactly the ones this call may use, the gate also reads the
 * memories back (`results`), saving the action a query; otherwise `results` is
 * null and the action searches again with the filter given here. Nothing of
 * `found` is trusted: each memory is looked up in this key's tenant and checked
 * against its scope and filters, as fetchRecalled does.
 */
export const vectorGate = apiMutation({
  args: { input: v.any(), found: v.optional(foundV) },
  access: "read",
  handler: async (ctx, { input, found }) => {
    const body = readX(() => objectX(input, ["embedding", "namespace", "namespacePrefix", "conversationId", "limit"]));
    // workspace/recall:vector keeps the 1,536 numbers to itself (each hop converts and copies them) and checks
    // them once the gate has let the call in; one given here is checked here.
    readX(() => optVectorX(body, "embedding", EMBEDDING_DIMENSIONS));
    const limit = readX(() => intX(body, "limit", 1, MAX_RECALL, 10));
    const f = await readFilter(ctx, body);
    const tenantId = ctx.tenant._id;
    // The strings the tenant's embedding rows hold on this deployment (embeddings.ts; a move rewrites them).
    const strings = vectorFilters(tenantId, f.scope, f.contextKey ?? "");
    const filter: VectorFilter =
      f.contextKey === null
        ? { field: "vectorScope", value: strings.vectorScope }
        : { field: "vectorContext", value: strings.vectorContext };
    const gate = {
      tenantId: tenantId as string,
      scope: f.scope,
      namespace: f.namespace,
      prefix: f.prefix,
      contextKey: f.contextKey,
      limit,
      filter,
    };
    const searched =
      found !== undefined &&
      found.filter.field === filter.field &&
      found.filter.value === filter.value &&
      found.limit === vectorSearchLimit(gate) &&
      // Vector search returns at most its limit; more ids are not a search's answer, and each costs a read.
      found.ids.length <= found.limit;
    return { ...gate, results: searched ? await recalledRows(ctx.db, { ...f, tenantId, limit, ids: found.ids }) : null };
  },
});

/**
 * The memories of the embedding rows vector search found (one index lookup each; the
 * vectors are not read again), each checked again against the tenant, scope and filters.
 */
async function recalledRows(
  db: GenericDatabaseReader<DataModel>,
  {
    ids,
    tenantId,
    scope,
    limit,
    ...f
  }: Filter & { ids: { id: Id<"memoryEmbeddings">; score: number }[]; tenantId: Id<"tenants">; limit: number },
) {
  const out = [];
  for (const { id, score } of ids) {
    const m = await db
      .query("memories")
      .withIndex("by_tenant_embedding", (q) => q.eq("tenantId", tenantId).eq("embeddingId", id))
      .unique();
    if (!m || m.tenantId !== tenantId || m.scope !== scope || !matches(m, { scope, ...f })) continue;
    out.push(memoryOut(m, score));
    if (out.length >= limit) break;
  }
  return out;
}

/** recalledRows for the action, with the gate's tenant, scope and filters (when the gate could not read them itself). */
export const fetchRecalled = internalQuery({
  args: {
    ids: foundV.fields.ids,
    tenantId: v.id("tenants"),
    scope: v.string(),
    namespace: v.union(v.string(), v.null()),
    prefix: v.union(v.string(), v.null()),
    contextKey: v.union(v.string(), v.null()),
    limit: v.number(),
  },
  handler: async (ctx, args) => recalledRows(ctx.db, args),
});
