/** Recent agent conversations, for the overview (newest first, a handful at a time). */
import { v } from "convex/values";
import { tenantQuery } from "../lib/functions";
import { pageSizeX } from "../lib/paging";

/** The overview shows five; a little room for a longer list. */
const MAX_RECENT = 20;

export const recent = tenantQuery({
  args: { limit: v.optional(v.number()) },
  permission: "agents.read",
  handler: async (ctx, { limit }) => {
    const take = pageSizeX(limit, MAX_RECENT, 5, "limit");
    const rows = await ctx.db
      .query("conversations")
      .withIndex("by_tenant_created", (q) => q.eq("tenantId", ctx.tenant._id))
      .order("desc")
      .take(take);
    const names = new Map<string, string>();
    return Promise.all(
      rows.map(async (c) => {
        if (!names.has(c.agentId)) names.set(c.agentId, (await ctx.db.get(c.agentId))?.name ?? "Deleted agent");
        // Rows not yet migrated (issue 19) still carry their messages inline.
        const inline = c.messages;
        return {
          _id: c._id,
          title: c.title,
          customer: c.customer,
          agent: names.get(c.agentId)!,
          messages: c.messageCount ?? inline?.length ?? 0,
          lastMessage: c.lastMessage ?? inline?.[inline.length - 1]?.content ?? "",
          sample: c.sample,
          createdAt: c.createdAt,
        };
      }),
    );
  },
});
