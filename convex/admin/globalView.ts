/**
 * The seed's "admin global view" of the agents' memories (recall with no tenant
 * given): platform staff, support or admin, search every tenant's memories by text,
 * read only. No tenant API key can do this; the runtime API always fixes the
 * caller's own tenant.
 *
 * It is a mutation only so that the search and its audit entry are one transaction:
 * nobody sees another tenant's agent data without a record of who looked, for what,
 * and which tenants answered. It writes nothing else.
 */
import { v } from "convex/values";
import { userMutation } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { isStaff } from "../lib/access";
import { audit } from "../lib/audit";
import { memoryOut } from "../workspace/memories";
import { textProblem } from "../../lib/domain/validation";
import type { Doc, Id } from "../_generated/dataModel";

/** Results per search: a support lookup, not an export. */
export const GLOBAL_VIEW_LIMIT = 50;
const MAX_QUERY = 500;

export const searchMemories = userMutation({
  args: { search: v.string(), tenant: v.optional(v.string()) },
  handler: async (ctx, { search: text, tenant }) => {
    if (!isStaff(ctx.user)) throw notFound();
    const query = text.trim();
    if (query === "") throw appError("INVALID", "Type the words to search the memories for.", "search");
    if (query.length > MAX_QUERY) throw appError("INVALID", `Search for at most ${MAX_QUERY} characters.`, "search");
    const unsafe = textProblem(query, "The search");
    if (unsafe) throw appError("INVALID", unsafe, "search");
    const slug = tenant?.trim().toLowerCase() || null;
    const only = slug
      ? await ctx.db
          .query("tenants")
          .withIndex("by_slug", (q) => q.eq("slug", slug))
          .unique()
      : null;
    if (slug && !only) throw appError("NOT_FOUND", `No tenant has the slug "${slug}".`, "tenant");

    const rows = await ctx.db
      .query("memories")
      .withSearchIndex("search_content", (q) => {
        const matching = q.search("content", query);
        return only ? matching.eq("tenantId", only._id) : matching;
      })
      .take(GLOBAL_VIEW_LIMIT);

    const tenants = new Map<Id<"tenants">, Doc<"tenants"> | null>();
    for (const row of rows) if (!tenants.has(row.tenantId)) tenants.set(row.tenantId, await ctx.db.get(row.tenantId));
    const answered = [...tenants.values()].flatMap((t) => (t ? [t.slug] : []));
    await audit(ctx.db, {
      tenantId: only?._id ?? null,
      actor: ctx.user,
      action: "workspace.global_view",
      target: query.slice(0, 200),
      after: { tenant: slug, results: rows.length, tenants: answered },
    });
    return rows.map((row) => {
      const t = tenants.get(row.tenantId);
      return {
        ...memoryOut(row),
        scope: row.scope,
        tenant: t ? { slug: t.slug, name: t.name, status: t.status } : null,
      };
    });
  },
});
