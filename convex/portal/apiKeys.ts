/**
 * Tenant API keys for agent runtimes (the portal's API keys page). The key is
 * minted here, never taken from the caller (a caller-chosen key could be
 * guessable or shared between workspaces): crypto.getRandomValues in the
 * Convex isolate, whose generator the backend seeds per execution from its own
 * entropy, out of any caller's reach. The plaintext is returned once, to the
 * caller that made it; only its SHA-256 and a short prefix are stored.
 * Creating and revoking are audited; revocation takes effect on the next call,
 * because the API-key door reads the key on every call.
 */
import { v } from "convex/values";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { quotasOf } from "../lib/quotas";
import { displayPrefix, generateApiKey, hashApiKey } from "../../lib/domain/api/keys";
import { textProblem } from "../../lib/domain/validation";

/** Active keys a workspace may hold; revoked ones do not count. */
export const MAX_ACTIVE_KEYS = 50;

export const list = tenantQuery({
  args: {},
  permission: "apiKeys.manage",
  handler: async (ctx) => {
    const keys = await ctx.db
      .query("apiKeys")
      .withIndex("by_tenant", (q) => q.eq("tenantId", ctx.tenant._id))
      .order("desc")
      .take(500);
    const names = new Map<string, string>();
    for (const k of keys) {
      if (!names.has(k.createdBy)) names.set(k.createdBy, (await ctx.db.get(k.createdBy))?.name ?? "Former member");
    }
    return keys.map((k) => ({
      _id: k._id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt,
      createdBy: names.get(k.createdBy)!,
      lastUsedAt: k.lastUsedAt ?? null,
      revokedAt: k.revokedAt ?? null,
      rateLimitPerMinute: k.rateLimitPerMinute ?? null,
    }));
  },
});

function checkName(name: string) {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 60)
    throw appError("INVALID", 'Name the key in 1 to 60 characters (e.g. "Production runtime").', "name");
  const problem = textProblem(trimmed, "The key's name");
  if (problem) throw appError("INVALID", problem, "name");
  return trimmed;
}

export const create = tenantMutation({
  args: { name: v.string(), rateLimitPerMinute: v.optional(v.union(v.number(), v.null())) },
  permission: "apiKeys.manage",
  handler: async (ctx, args) => {
    const name = checkName(args.name);
    const tenantLimit = quotasOf(ctx.tenant).apiCallsPerMinute;
    const cap = args.rateLimitPerMinute ?? undefined;
    if (cap !== undefined && (!Number.isInteger(cap) || cap < 1 || (tenantLimit !== null && cap > tenantLimit))) {
      const most = tenantLimit === null ? "" : ` up to this workspace's limit of ${tenantLimit}`;
      throw appError("INVALID", `The key's limit must be a whole number of calls per minute, from 1${most}.`, "rateLimitPerMinute");
    }
    const existing = await ctx.db
      .query("apiKeys")
      .withIndex("by_tenant", (q) => q.eq("tenantId", ctx.tenant._id))
      .take(500);
    if (existing.filter((k) => !k.revokedAt).length >= MAX_ACTIVE_KEYS) {
      throw appError("QUOTA_EXCEEDED", `A workspace can hold at most ${MAX_ACTIVE_KEYS} active API keys; revoke one you no longer use.`);
    }
    const key = generateApiKey();
    const prefix = displayPrefix(key);
    const id = await ctx.db.insert("apiKeys", {
      tenantId: ctx.tenant._id,
      name,
      prefix,
      hash: await hashApiKey(key),
      createdBy: ctx.user._id,
      createdAt: Date.now(),
      ...(cap !== undefined ? { rateLimitPerMinute: cap } : {}),
    });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "apiKey.create",
      target: id,
      after: { name, prefix, rateLimitPerMinute: cap ?? null },
    });
    // The only time the plaintext leaves Convex: the caller shows it once.
    return { _id: id, name, prefix, key };
  },
});

export const revoke = tenantMutation({
  args: { keyId: v.string() },
  permission: "apiKeys.manage",
  // Revoking is a security action: allowed while the workspace is suspended or past due.
  allowWhenRestricted: true,
  handler: async (ctx, { keyId }) => {
    const id = ctx.db.normalizeId("apiKeys", keyId);
    const key = id ? await ctx.db.get(id) : null;
    if (!key) throw notFound("API key not found");
    if (key.revokedAt) return { revokedAt: key.revokedAt };
    const revokedAt = Date.now();
    await ctx.db.patch(key._id, { revokedAt, revokedBy: ctx.user._id });
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "apiKey.revoke",
      target: key._id,
      before: { name: key.name, prefix: key.prefix },
    });
    return { revokedAt };
  },
});
