/**
 * Platform tokens for the admin API and the `tenantry` CLI (the console's Tokens
 * page): an admin makes one for a staff member (themselves) with a name, a role
 * (admin, or support: read only) and an expiry. The token is minted here, shown
 * once, and only its SHA-256 is kept (./tokenDoor.ts). Making, revoking and every
 * use are audited under the staff member who owns the token.
 */
import { v } from "convex/values";
import { staffMutation, staffQuery, systemMutation } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { DAY_MS } from "../../lib/domain/time";
import { textProblem } from "../../lib/domain/validation";
import { DISPLAY_LENGTH, generatePlatformToken, hashPlatformToken, platformTokenX } from "./tokenDoor";

/** The expiries the console offers, in days; a token never lives longer than a year. */
export const EXPIRY_DAYS = [7, 30, 90, 365] as const;
const MAX_ACTIVE_PER_OWNER = 20;
/** Uses of one token for the same method and path within this window share one audit entry (count, lastAt). */
const USE_WINDOW_MS = 10 * 60_000;

const roleValidator = v.union(v.literal("admin"), v.literal("support"));

function nameX(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 60)
    throw appError("INVALID", 'Name the token in 1 to 60 characters (e.g. "Ana laptop CLI").', "name");
  const problem = textProblem(trimmed, "The token's name");
  if (problem) throw appError("INVALID", problem, "name");
  return trimmed;
}

export const list = staffQuery({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db.query("platformTokens").withIndex("by_created").order("desc").take(500);
    const owners = new Map<string, string>();
    for (const r of rows) if (!owners.has(r.ownerId)) owners.set(r.ownerId, (await ctx.db.get(r.ownerId))?.email ?? "former staff member");
    const now = Date.now();
    return rows.map((r) => ({
      _id: r._id,
      name: r.name,
      role: r.role,
      prefix: r.prefix,
      owner: owners.get(r.ownerId)!,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      lastUsedAt: r.lastUsedAt ?? null,
      revokedAt: r.revokedAt ?? null,
      state: r.revokedAt !== undefined ? ("revoked" as const) : r.expiresAt <= now ? ("expired" as const) : ("active" as const),
    }));
  },
});

/** Returns the token itself once; it cannot be read again. */
export const create = staffMutation({
  args: { name: v.string(), role: roleValidator, expiresInDays: v.number() },
  handler: async (ctx, args) => {
    const name = nameX(args.name);
    if (!(EXPIRY_DAYS as readonly number[]).includes(args.expiresInDays))
      throw appError("INVALID", `Choose an expiry of ${EXPIRY_DAYS.join(", ")} days.`, "expiresInDays");
    const mine = await ctx.db.query("platformTokens").withIndex("by_created").order("desc").take(500);
    const now = Date.now();
    if (mine.filter((t) => t.ownerId === ctx.user._id && t.revokedAt === undefined && t.expiresAt > now).length >= MAX_ACTIVE_PER_OWNER)
      throw appError(
        "QUOTA_EXCEEDED",
        `You can hold at most ${MAX_ACTIVE_PER_OWNER} active platform tokens; revoke one you no longer use.`,
      );
    const token = generatePlatformToken();
    const expiresAt = now + args.expiresInDays * DAY_MS;
    const id = await ctx.db.insert("platformTokens", {
      name,
      role: args.role,
      prefix: token.slice(0, DISPLAY_LENGTH),
      hash: await hashPlatformToken(token),
      ownerId: ctx.user._id,
      createdBy: ctx.user._id,
      createdAt: now,
      expiresAt,
    });
    await audit(ctx.db, {
      tenantId: null,
      actor: ctx.user,
      action: "platform_token.create",
      target: name,
      after: { tokenId: id, role: args.role, expiresAt },
    });
    return { tokenId: id, token, prefix: token.slice(0, DISPLAY_LENGTH), expiresAt };
  },
});

export const revoke = staffMutation({
  args: { tokenId: v.id("platformTokens") },
  handler: async (ctx, { tokenId }) => {
    const row = await ctx.db.get(tokenId);
    if (!row) throw notFound("No such platform token.");
    if (row.revokedAt !== undefined) throw appError("CONFLICT", `The token "${row.name}" is already revoked.`);
    const now = Date.now();
    await ctx.db.patch(tokenId, { revokedAt: now, revokedBy: ctx.user._id });
    await audit(ctx.db, {
      tenantId: null,
      actor: ctx.user,
      action: "platform_token.revoke",
      target: row.name,
      before: { tokenId, role: row.role },
      after: { revokedAt: now },
    });
  },
});

/**
 * One admin API request made with a token (called by the Next server with the system
 * secret before it acts): refuses a dead token with 401, records the use under the
 * owner, and says what the token may do. The staff doors check the token again on
 * every call, so this is the record, not the only gate.
 */
export const use = systemMutation({
  args: { token: v.string(), method: v.string(), path: v.string() },
  handler: async (ctx, args) => {
    const { token, user } = await platformTokenX(ctx.db, args.token);
    const now = Date.now();
    await ctx.db.patch(token._id, { lastUsedAt: now });
    const target = `${args.method} /api/admin/v1/${args.path}`.slice(0, 300);
    // Repeats of one request by one token within the window (an export's pages) raise one entry's count.
    const recent = await ctx.db
      .query("auditLogs")
      .withIndex("by_actor_at", (q) => q.eq("actorEmail", user.email).gte("at", now - USE_WINDOW_MS))
      .order("desc")
      .take(50);
    const same = recent.find(
      (e) =>
        e.action === "platform_token.use" && e.target === target && (e.after as { tokenId?: string } | undefined)?.tokenId === token._id,
    );
    if (same) await ctx.db.patch(same._id, { count: (same.count ?? 1) + 1, lastAt: now });
    else
      await audit(ctx.db, {
        tenantId: null,
        actor: user,
        action: "platform_token.use",
        target,
        after: { tokenId: token._id, token: token.name, role: token.role },
      });
    return { role: token.role, email: user.email, tokenId: token._id };
  },
});
