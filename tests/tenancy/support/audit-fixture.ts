/**
 * A small convex/ tree with one of each mistake audit:tenancy looks for, kept
 * as strings (written to a temp dir by the test) so the bad code is never
 * type-checked, linted or loaded by anything else. `// expect: <kind>` marks
 * the line a finding must point at; unmarked lines must stay clean.
 */
export const AUDIT_FIXTURE: Record<string, string> = {
  "lib/tables.ts": `
export const TENANT_TABLES = ["agents", "notes", "memberships", "areaItems"] as const;
export const PLATFORM_TABLES = ["tenants", "users"] as const;
export const USER_SCOPED_INDEXES: Record<string, string> = { "memberships.by_user": "the caller's own memberships" };
`,
  "lib/functions.ts": `
import { query, mutation, internalQuery as rawInternalQuery } from "../_generated/server";
export const tenantQuery = query;
export const tenantMutation = mutation;
export const userQuery = query;
export const internalQuery = rawInternalQuery;
`,
  "lib/schema/area.ts": `
import { defineTable } from "convex/server";
import { v } from "convex/values";
// An area's tables, spread into schema.ts: judged as if written there.
export const areaTables = {
  areaItems: defineTable({ tenantId: v.id("tenants"), name: v.string() }).index("by_name", ["name"]), // expect: index-order
};
`,
  "schema.ts": `
import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";
import { areaTables } from "./lib/schema/area";
export default defineSchema({
  ...areaTables,
  agents: defineTable({ tenantId: v.id("tenants"), name: v.string() })
    .index("by_tenant", ["tenantId"])
    .index("by_name", ["name"]), // expect: index-order
  notes: defineTable({ body: v.string() }), // expect: missing-tenant-id
  memberships: defineTable({ tenantId: v.id("tenants"), userId: v.id("users") })
    .index("by_tenant_user", ["tenantId", "userId"])
    .index("by_user", ["userId"]),
  stray: defineTable({ tenantId: v.id("tenants") }), // expect: unlisted-table
  tenants: defineTable({ slug: v.string() }).index("by_slug", ["slug"]),
});
`,
  "bad.ts": `
import { query } from "./_generated/server"; // expect: raw-builder
import { tenantQuery, userQuery, internalQuery } from "./lib/functions";

export const raw = query({ handler: async () => null });
export const noPermission = tenantQuery({ args: {}, handler: async () => null }); // expect: missing-permission
export const scan = tenantQuery({ permission: "agents.read", handler: async (ctx) => ctx.db.query("agents").collect() }); // expect: full-scan
export const filtered = tenantQuery({
  permission: "agents.read",
  handler: async (ctx) => ctx.db.query("tenants").filter((q) => q.eq(q.field("slug"), "a")).first(), // expect: filter-without-index
});
export const unscoped = internalQuery({ handler: async (ctx) => ctx.db.query("agents").withIndex("by_tenant").collect() }); // expect: unscoped-index
export const byTime = tenantQuery({ permission: "agents.read", handler: async (ctx) => ctx.db.query("agents").withIndex("by_creation_time").take(5) }); // expect: unscoped-index
export const leaky = userQuery({
  handler: async (ctx, { name }) => ctx.db.query("agents").withIndex("by_name", (q) => q.eq("name", name)).collect(), // expect: unwrapped-read
});

// Clean: tenant-first ranges, a user's own memberships, arrays filtered in memory, a helper reading by tenantId.
export const good = tenantQuery({
  permission: "agents.read",
  handler: async (ctx) => (await ctx.db.query("agents").withIndex("by_tenant", (q) => q.eq("tenantId", ctx.tenant._id)).collect()).filter(Boolean),
});
export const mine = userQuery({ handler: async (ctx) => ctx.db.query("memberships").withIndex("by_user", (q) => q.eq("userId", ctx.user._id)).collect() });
export async function agentsOf(db, tenantId) {
  return db.query("agents").withIndex("by_tenant", (q) => q.eq("tenantId", tenantId)).take(10);
}
`,
};
