/**
 * The platform audit log: every admin action, denied cross-tenant attempt and
 * billing state change, filtered by tenant, actor, action and time, newest
 * first. The most selective filter picks the index; the rest are checked per
 * row with a cap on rows scanned per page, so a page's cost stays bounded.
 * Also the two ways entries arrive from outside a mutation of their own:
 * denied page attempts (from the Next server) and staff viewing as a tenant.
 */
import { v } from "convex/values";
import { staffQuery, systemMutation, userMutation } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { isStaff } from "../lib/access";
import { audit, auditDenied } from "../lib/audit";
import { keysetPage } from "../lib/keyset";
import { pageSizeX } from "../lib/paging";
import type { Doc, Id } from "../_generated/dataModel";

const MAX_SCAN = 2000;
/** Entering the same tenant again within this window is the same visit. */
const VIEW_AS_WINDOW_MS = 30 * 60_000;

export const auditFilters = {
  tenantSlug: v.optional(v.string()),
  actor: v.optional(v.string()),
  action: v.optional(v.string()),
  from: v.optional(v.number()),
  to: v.optional(v.number()),
};

export const list = staffQuery({
  args: { ...auditFilters, cursor: v.optional(v.union(v.string(), v.null())), pageSize: v.optional(v.number()) },
  handler: async (ctx, args) => {
    const pageSize = pageSizeX(args.pageSize, 500);
    const from = args.from ?? 0;
    const to = args.to ?? Number.MAX_SAFE_INTEGER;
    if (from > to) throw appError("INVALID", "The start of the time range is after its end.", "from");
    let tenantId: Id<"tenants"> | undefined;
    if (args.tenantSlug?.trim()) {
      const tenant = await ctx.db
        .query("tenants")
        .withIndex("by_slug", (q) => q.eq("slug", args.tenantSlug!.trim()))
        .unique();
      if (!tenant) throw appError("INVALID", `No tenant has the slug "${args.tenantSlug.trim()}".`, "tenantSlug");
      tenantId = tenant._id;
    }
    const actor = args.actor?.trim().toLowerCase() || undefined;
    const action = args.action?.trim() || undefined;
    // The most selective filter picks the index; `at` bounds the time range in each.
    const [index, fields, eq] = tenantId
      ? ["by_tenant_at", ["tenantId", "at"], [tenantId]]
      : actor
        ? ["by_actor_at", ["actorEmail", "at"], [actor]]
        : action
          ? ["by_action_at", ["action", "at"], [action]]
          : ["by_at", ["at"], []];
    const result = await keysetPage<Doc<"auditLogs">>(ctx.db, {
      table: "auditLogs",
      index,
      fields,
      eq,
      order: "desc",
      cursor: args.cursor ?? null,
      limit: pageSize,
      maxScan: MAX_SCAN,
      lower: { value: from, inclusive: true },
      upper: { value: to, inclusive: true },
      keep: (e) => (!actor || e.actorEmail === actor) && (!action || e.action === action),
    });
    const slugs = new Map<string, string | null>();
    for (const e of result.page) {
      if (e.tenantId && !slugs.has(e.tenantId)) slugs.set(e.tenantId, (await ctx.db.get(e.tenantId))?.slug ?? null);
    }
    return {
      rows: result.page.map((e) => ({
        _id: e._id,
        at: e.at,
        tenantId: e.tenantId,
        tenantSlug: e.tenantId ? (slugs.get(e.tenantId) ?? null) : null,
        actorEmail: e.actorEmail,
        action: e.action,
        target: e.target ?? null,
        before: e.before ?? null,
        after: e.after ?? null,
        count: e.count ?? 1,
        lastAt: e.lastAt ?? e.at,
      })),
      cursor: result.hasMore ? result.cursor : null,
    };
  },
});

/**
 * A page request the tenant layout refused (not a member, or no such tenant),
 * recorded by the Next server: Convex queries cannot write, and a refused
 * mutation rolls back, so this is where page-level attempts leave a trace.
 */
export const recordDenied = systemMutation({
  args: { slug: v.string(), path: v.string(), subject: v.union(v.string(), v.null()), email: v.union(v.string(), v.null()) },
  handler: async (ctx, args) => {
    const user = args.subject
      ? await ctx.db
          .query("users")
          .withIndex("by_external_id", (q) => q.eq("externalId", args.subject!))
          .unique()
      : null;
    const slug = args.slug.slice(0, 64);
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    // Repeats within the window fold into one entry with a count (a refresh loop must not flood the log).
    return auditDenied(ctx.db, {
      tenantId: tenant?._id ?? null,
      actorId: user?._id ?? null,
      actorEmail: user?.email ?? args.email?.slice(0, 254) ?? "anonymous",
      slug,
      target: args.path.slice(0, 300),
      via: "page",
    });
  },
});

/** Staff opening a tenant's portal read-only ("view as tenant"), audited on entry. Support may do this too. */
export const recordViewAs = userMutation({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    if (!isStaff(ctx.user)) throw notFound();
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!tenant) throw notFound();
    const now = Date.now();
    const recent = await ctx.db
      .query("auditLogs")
      .withIndex("by_tenant_at", (q) => q.eq("tenantId", tenant._id).gte("at", now - VIEW_AS_WINDOW_MS))
      .order("desc")
      .take(50);
    if (recent.some((e) => e.action === "tenant.view_as" && e.actorId === ctx.user._id)) return { recorded: false };
    await audit(ctx.db, {
      tenantId: tenant._id,
      actor: ctx.user,
      action: "tenant.view_as",
      target: tenant.slug,
      after: { readOnly: true },
    });
    return { recorded: true };
  },
});
