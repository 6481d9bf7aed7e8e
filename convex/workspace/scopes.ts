/** GET /api/v1/environments and /api/v1/teams: what exists, and which scope the calling key is bound to. */
import { v } from "convex/values";
import { apiMutation } from "../lib/apiDoor";
import { DEFAULT_ENVIRONMENT, MAX_ENVIRONMENTS, MAX_TEAMS, scopeOfKey } from "../../lib/domain/workspace/scopes";
import { boundScope } from "./scoping";

export const describe = apiMutation({
  args: { what: v.union(v.literal("environments"), v.literal("teams")) },
  access: "read",
  handler: async (ctx, { what }) => {
    const tenantId = ctx.tenant._id;
    const key = scopeOfKey(await boundScope(ctx.db, tenantId, "apiKey", ctx.apiKey._id));
    if (what === "environments") {
      const rows = await ctx.db
        .query("environments")
        .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
        .take(MAX_ENVIRONMENTS);
      return { key, environments: [DEFAULT_ENVIRONMENT, ...rows.map((r) => r.name)] };
    }
    const rows = await ctx.db
      .query("teams")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
      .take(MAX_TEAMS);
    return { key, teams: rows.map((r) => r.name) };
  },
});
