/**
 * The control plane's API key index (issue 20): key hash prefix -> tenant, so the runtime API
 * and MCP find a key's placement in one read (platform/routing:routeKey) and then call the
 * placement, whose API-key door checks the key on its own `apiKeys` row.
 *
 * Written by the Next server, never by the placement (deployments do not call each other):
 * `createApiKey` (lib/server/api/keys.ts) mints the key on the tenant's placement, indexes it
 * here, and only then shows it, so a key someone holds is always indexed. Revoking is written
 * on the placement only: the door refuses a revoked key from the next call whatever this index
 * says, so the index is never part of revocation; `forget` just tidies a revoked key's row.
 *
 * A row holds the first 32 hex characters of the key's SHA-256 (see KEY_PREFIX_HEX): enough
 * to name one key among any number a platform will ever hold, not the full hash the door takes.
 */
import { v } from "convex/values";
import { systemMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { KEY_PREFIX_HEX, keyIndexPrefix } from "../../lib/domain/api/keys";

const TENANTS_PER_CALL = 20;
const PREFIX = new RegExp(`^[0-9a-f]{${KEY_PREFIX_HEX}}$`);

function checkPrefix(keyPrefix: string) {
  if (!PREFIX.test(keyPrefix)) throw appError("INVALID", `keyPrefix must be ${KEY_PREFIX_HEX} lowercase hex characters.`, "keyPrefix");
}

/** Records that the key with this hash prefix belongs to the tenant `slug`. Idempotent (a retried call writes nothing). */
export const put = systemMutation({
  args: { slug: v.string(), keyPrefix: v.string() },
  returns: v.null(),
  handler: async (ctx, { slug, keyPrefix }) => {
    checkPrefix(keyPrefix);
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!tenant) throw appError("NOT_FOUND", `No tenant has the slug ${slug}.`);
    const rows = await ctx.db
      .query("apiKeyIndex")
      .withIndex("by_prefix", (q) => q.eq("keyPrefix", keyPrefix))
      .take(2);
    if (rows.some((r) => r.tenantId === tenant._id)) return null;
    await ctx.db.insert("apiKeyIndex", { keyPrefix, tenantId: tenant._id, createdAt: Date.now() });
    return null;
  },
});

/** Drops a key's row (after it was revoked on the placement; routing works without it). */
export const forget = systemMutation({
  args: { keyPrefix: v.string() },
  returns: v.null(),
  handler: async (ctx, { keyPrefix }) => {
    checkPrefix(keyPrefix);
    const rows = await ctx.db
      .query("apiKeyIndex")
      .withIndex("by_prefix", (q) => q.eq("keyPrefix", keyPrefix))
      .take(10);
    for (const row of rows) await ctx.db.delete(row._id);
    return null;
  },
});

/**
 * Indexes the keys stored on this deployment, tenant by tenant (each tenant's keys by its own
 * index; 20 tenants a call, in creation order), for keys minted before the index existed. Run on
 * the control plane (`npm start` runs it at every start): the ids it records are the control
 * plane's tenant ids. A finished run writes nothing.
 */
export const backfill = systemMutation({
  // The last tenant's _creationTime (a plain number: keyset paging, so no cursor can fail to parse).
  args: { after: v.union(v.number(), v.null()) },
  returns: v.object({ indexed: v.number(), after: v.union(v.number(), v.null()) }),
  handler: async (ctx, { after }) => {
    const tenants = await ctx.db
      .query("tenants")
      .withIndex("by_creation_time", (q) => (after === null ? q : q.gt("_creationTime", after)))
      .take(TENANTS_PER_CALL);
    let indexed = 0;
    for (const tenant of tenants) {
      // A tenant keeps at most 50 active keys (portal/apiKeys:create), revoked ones are skipped.
      const keys = await ctx.db
        .query("apiKeys")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
        .take(1_000);
      for (const key of keys) {
        if (key.revokedAt) continue;
        const keyPrefix = keyIndexPrefix(key.hash);
        const rows = await ctx.db
          .query("apiKeyIndex")
          .withIndex("by_prefix", (q) => q.eq("keyPrefix", keyPrefix))
          .take(2);
        if (rows.some((r) => r.tenantId === tenant._id)) continue;
        await ctx.db.insert("apiKeyIndex", { keyPrefix, tenantId: tenant._id, createdAt: Date.now() });
        indexed++;
      }
    }
    return { indexed, after: tenants.length < TENANTS_PER_CALL ? null : tenants[tenants.length - 1]._creationTime };
  },
});
