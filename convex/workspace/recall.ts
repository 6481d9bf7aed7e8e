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
import { EMBEDDING_DIMENSIONS } from "../../lib/domain/workspace/limits";
import { InputProblem, vectorX } from "../../lib/domain/workspace/input";

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

type Recalled = ReturnType<typeof memoryOut>;
/** A namespace filter is applied after the search: read this many times the limit (at most 256) to fill the page. */
const OVERFETCH = 4;

export const vector = systemAction({
  args: { keyHash: v.string(), input: v.any() },
  handler: async (ctx, { keyHash, input }): Promise<ApiResult<{ results: Recalled[] }>> => {
    // The gate checks the request but for the embedding: passing 1,536 numbers through a mutation only to
    // check them costs a conversion and a copy each way, about half a millisecond.
    const body = isObject(input) ? input : null;
    const { embedding, ...rest } = body ?? {};
    const gate = await ctx.runMutation(api.workspace.memories.vectorGate, { secret: ctx.secret, keyHash, input: body ? rest : input });
    if (!gate.ok) return gate;
    // After the door, as every field is: a bad key is answered UNAUTHENTICATED whatever the body holds.
    let queryVector: number[];
    try {
      queryVector = vectorX({ embedding }, "embedding", EMBEDDING_DIMENSIONS);
    } catch (e) {
      if (!(e instanceof InputProblem)) throw e;
      return { ok: false, error: { code: e.code, message: e.message, field: e.field }, rate: gate.rate };
    }
    const g = gate.value;
    const narrowed = g.namespace !== null || g.prefix !== null;
    const found = await ctx.vectorSearch("memoryEmbeddings", "by_embedding", {
      vector: queryVector,
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
