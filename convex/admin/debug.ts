/**
 * `tenantry debug ...`: what support needs to answer "why can't I get in?" and "why
 * is it slow?", read only (staffQuery: support may run them).
 *
 * userSession: a user (by email, user id or identity subject), their memberships and
 * roles, which tenants they can open and why not others, the claims their Convex token
 * carries, and their recent refused attempts (the `access.denied` audit entries).
 * Sign-in sessions live with the identity provider (Clerk, or local mode's session
 * files), so the Next side adds those it can see.
 */
import { v } from "convex/values";
import { staffQuery } from "../lib/functions";
import { notFound } from "../lib/errors";
import { isStaff } from "../lib/access";
import { DAY_MS } from "../../lib/domain/time";
import { restrictionMessage, statusAllows } from "../../lib/domain/tenant-status";
import type { Doc } from "../_generated/dataModel";

const DENIED_DAYS = 7;

export const userSession = staffQuery({
  args: { who: v.string() },
  handler: async (ctx, { who }) => {
    const key = who.trim();
    const id = ctx.db.normalizeId("users", key);
    const user: Doc<"users"> | null =
      (id && (await ctx.db.get(id))) ||
      (await ctx.db
        .query("users")
        .withIndex("by_email", (q) => q.eq("email", key.toLowerCase()))
        .first()) ||
      (await ctx.db
        .query("users")
        .withIndex("by_external_id", (q) => q.eq("externalId", key))
        .unique());
    if (!user) throw notFound(`No user has the email, id or identity "${key}".`);

    // A staff door reading one user's memberships, as the user's own tenant list does (USER_SCOPED_INDEXES).
    const memberships = await ctx.db
      .query("memberships")
      .withIndex("by_user", (q) => q.eq("userId", user._id))
      .take(200);
    const tenants = [];
    for (const m of memberships) {
      const t = await ctx.db.get(m.tenantId);
      if (!t) continue;
      const rules = statusAllows(t.status);
      const canOpen = t.status !== "deleted";
      tenants.push({
        slug: t.slug,
        name: t.name,
        status: t.status,
        role: m.role,
        since: m.createdAt,
        canOpen,
        canChange: canOpen && rules.changes,
        why: !canOpen
          ? "The tenant is deleted: it answers 404 to everyone until staff restore it."
          : (restrictionMessage(t.status) ?? `Opens as ${m.role}.`),
      });
    }
    const staff = isStaff(user) ? (user.platformRole as "admin" | "support") : null;
    const denied = await ctx.db
      .query("auditLogs")
      .withIndex("by_actor_at", (q) => q.eq("actorEmail", user.email).gte("at", Date.now() - DENIED_DAYS * DAY_MS))
      .order("desc")
      .take(500);
    return {
      user: {
        id: user._id,
        email: user.email,
        name: user.name,
        platformRole: user.platformRole,
        externalId: user.externalId,
        createdAt: user.createdAt,
      },
      claims: { sub: user.externalId, email: user.email, name: user.name, ...(staff ? { platform_role: staff } : {}) },
      tenants,
      others: staff
        ? `Platform ${staff}: may open every other tenant read-only through the admin console ("view as tenant").`
        : "Every other tenant answers 404 (not found): they are not a member, and nobody learns which tenants exist.",
      deniedAttempts: denied
        .filter((e) => e.action === "access.denied")
        .slice(0, 20)
        .map((e) => ({ at: e.at, lastAt: e.lastAt ?? e.at, count: e.count ?? 1, target: e.target ?? null, detail: e.after ?? null })),
    };
  },
});
