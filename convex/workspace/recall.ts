/**
 * Vector recall: the caller sends an embedding (Tenantry stores vectors, it
 * calls no model). Vector search runs only in actions, so this action first
 * passes the API-key door (memories:vectorGate: key, status, rate limit,
 * scope), searches with the one filter value the gate returned (tenant and
 * scope folded in, so other tenants' partitions are never read) among the
 * embedding rows, and reads their memories back through a query that checks
 * tenant, scope and namespace again.
 */
import { v } from "convex/values";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { systemAction } from "../lib/functions";
import type { ApiResult } from "../lib/apiDoor";
import { memoryOut } from "./memories";

type Recalled = ReturnType<typeof memoryOut>;
/** A namespace filter is applied after the search: read this many times the limit (at most 256) to fill the page. */
const OVERFETCH = 4;

export const vector = systemAction({
  args: { keyHash: v.string(), input: v.any() },
  handler: async (ctx, { keyHash, input }): Promise<ApiResult<{ results: Recalled[] }>> => {
    const gate = await ctx.runMutation(api.workspace.memories.vectorGate, { secret: ctx.secret, keyHash, input });
    if (!gate.ok) return gate;
    const g = gate.value;
    const narrowed = g.namespace !== null || g.prefix !== null;
    const found = await ctx.vectorSearch("memoryEmbeddings", "by_embedding", {
      vector: (input as { embedding: number[] }).embedding,
      limit: Math.min(256, narrowed ? g.limit * OVERFETCH : g.limit),
      filter: (q) => q.eq(g.filter.field, g.filter.value),
    });
    const results = await ctx.runQuery(internal.workspace.memories.fetchRecalled, {
      ids: found.map((r) => ({ id: r._id, score: r._score })),
      tenantId: g.tenantId as Id<"tenants">,
      scope: g.scope,
      namespace: g.namespace,
      prefix: g.prefix,
      contextKey: g.contextKey,
      limit: g.limit,
    });
    return { ok: true, value: { results }, rate: gate.rate };
  },
});
