/**
 * Vector recall: the caller sends an embedding (Tenantry stores vectors, it
 * calls no model). Vector search runs only in actions, so this action first
 * passes the API-key door (memories:vectorGate: key, status, rate limit,
 * scope), searches with the one filter value the gate returned (tenant and
 * scope folded in, so other tenants' partitions are never read) among the
 * embedding rows, and reads their memories back through a query that checks
 * tenant, scope and namespace again. A key seen before searches first, with the
 * filter the gate gave it, and the gate checks that filter and reads the
 * memories in the same call (GUESSES below).
 */
import { v } from "convex/values";
import { api, internal } from "../_generated/api";
import type { Id } from "../_generated/dataModel";
import { systemAction } from "../lib/functions";
import type { ApiResult } from "../lib/apiDoor";
import { memoryOut, vectorSearchLimit, type VectorFilter } from "./memories";
import { EMBEDDING_DIMENSIONS } from "../../lib/domain/workspace/limits";
import { InputProblem, vectorX } from "../../lib/domain/workspace/input";

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

type Recalled = ReturnType<typeof memoryOut>;

/**
 * The filter the gate last gave a key (per conversation): the next call of that key searches with it
 * first and has the gate check it and read the memories in the same call, so a recall runs two
 * functions (search, gate) instead of three (gate, search, read). It decides nothing: a filter the gate
 * no longer gives (the key rebound to another scope, revoked, its tenant gone) is answered as if no
 * guess was made. A refusal forgets the key's guess, so a refused key (rate limited, say) is not
 * searched for before the gate again until the gate lets it in. Lost whenever the runtime drops the
 * module; bounded.
 */
const GUESSES = new Map<string, VectorFilter>();
const MAX_GUESSES = 10_000;

const readVector = (embedding: unknown): number[] | InputProblem => {
  try {
    return vectorX({ embedding }, "embedding", EMBEDDING_DIMENSIONS);
  } catch (e) {
    if (e instanceof InputProblem) return e;
    throw e;
  }
};

export const vector = systemAction({
  args: { keyHash: v.string(), input: v.any() },
  handler: async (ctx, { keyHash, input }): Promise<ApiResult<{ results: Recalled[] }>> => {
    // The gate checks the request but for the embedding: passing 1,536 numbers through a mutation only to
    // check them costs a conversion and a copy each way, about half a millisecond.
    const body = isObject(input) ? input : null;
    const { embedding, ...rest } = body ?? {};
    const gateInput = body ? rest : input;
    const search = (filter: VectorFilter, limit: number, queryVector: number[]) =>
      ctx.vectorSearch("memoryEmbeddings", "by_embedding", { vector: queryVector, limit, filter: (q) => q.eq(filter.field, filter.value) });

    const guessKey = `${keyHash}|${typeof rest.conversationId === "string" ? rest.conversationId : ""}`;
    const guess = GUESSES.get(guessKey);
    const early = guess ? readVector(embedding) : null;
    let gate;
    if (guess && Array.isArray(early)) {
      // The limit the gate will read from the body (a wrong guess, or a bad limit the gate refuses, only costs this search).
      const limit = vectorSearchLimit({
        limit: typeof rest.limit === "number" ? rest.limit : 10,
        namespace: typeof rest.namespace === "string" ? rest.namespace : null,
        prefix: typeof rest.namespacePrefix === "string" ? rest.namespacePrefix : null,
      });
      const found = await search(guess, limit, early);
      gate = await ctx.runMutation(api.workspace.memories.vectorGate, {
        secret: ctx.secret,
        keyHash,
        input: gateInput,
        found: { filter: guess, limit, ids: found.map((r) => ({ id: r._id, score: r._score })) },
      });
      if (gate.ok && gate.value.results !== null) return { ok: true, value: { results: gate.value.results }, rate: gate.rate };
    } else gate = await ctx.runMutation(api.workspace.memories.vectorGate, { secret: ctx.secret, keyHash, input: gateInput });
    if (!gate.ok) {
      GUESSES.delete(guessKey);
      return gate;
    }
    // After the door, as every field is: a bad key is answered UNAUTHENTICATED whatever the body holds.
    const queryVector = early ?? readVector(embedding);
    if (queryVector instanceof InputProblem)
      return { ok: false, error: { code: queryVector.code, message: queryVector.message, field: queryVector.field }, rate: gate.rate };
    const g = gate.value;
    if (GUESSES.size >= MAX_GUESSES) GUESSES.clear();
    GUESSES.set(guessKey, g.filter);
    const found = await search(g.filter, vectorSearchLimit(g), queryVector);
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
