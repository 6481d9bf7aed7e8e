/**
 * The admin console's all-tenants table and its summary (platform staff:
 * support and admin). Reads the maintained directory and counters only, so
 * the cost of a page does not grow with tenants or usage history.
 */
import { v, type ObjectType } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { staffQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { monthOf } from "../lib/counters";
import { countTenants, platformSummary, readCounter } from "../lib/platformRead";
import { directoryPage, TENANT_SORTS } from "../lib/directoryPage";
import { searchDirectory } from "../lib/directorySearch";
import { pageSizeX } from "../lib/paging";
import { planValidator, tenantStatusValidator } from "../schema";
import { PLANS } from "../../lib/domain/plans";
import type { DataModel, Doc } from "../_generated/dataModel";

const MAX_PAGE = 100;
const MAX_SEARCH = 80;

function rowOut(r: Doc<"tenantDirectory">, month: string) {
  const current = r.month === month;
  return {
    tenantId: r.tenantId,
    name: r.name,
    slug: r.slug,
    plan: r.plan,
    planName: PLANS[r.plan].name,
    status: r.status,
    agents: r.agents,
    costMicros: current ? r.monthCostMicros : 0,
    tokens: current ? r.monthTokens : 0,
    quotaPercent: r.quotaPercent,
    createdAt: r.createdAt,
  };
}
export type TenantRow = ReturnType<typeof rowOut>;

const listArgs = {
  sort: v.optional(v.union(...TENANT_SORTS.map((s) => v.literal(s)))),
  order: v.optional(v.union(v.literal("asc"), v.literal("desc"))),
  plan: v.optional(planValidator),
  status: v.optional(tenantStatusValidator),
  search: v.optional(v.string()),
  cursor: v.optional(v.union(v.string(), v.null())),
  direction: v.optional(v.union(v.literal("next"), v.literal("prev"))),
  pageSize: v.optional(v.number()),
};

/** One page of the table (exported for the benchmark's documents-read measurement). */
export async function loadTenantsPage(db: GenericDatabaseReader<DataModel>, args: ObjectType<typeof listArgs>) {
  const pageSize = pageSizeX(args.pageSize, MAX_PAGE);
  const search = args.search?.trim() ?? "";
  if (search.length > MAX_SEARCH) throw appError("INVALID", `Search text can be at most ${MAX_SEARCH} characters.`, "search");
  const month = monthOf(Date.now());
  const sort = args.sort ?? "name";
  const order = args.order ?? (sort === "cost" || sort === "agents" || sort === "created" ? "desc" : "asc");
  const base = { plan: args.plan, status: args.status, sort, order, cursor: args.cursor ?? null, pageSize } as const;
  if (search) {
    const found = await searchDirectory(db, { ...base, search, month });
    return { ...found, rows: found.rows.map((r) => rowOut(r, month)), sort, order };
  }
  const page = await directoryPage(db, { ...base, direction: args.direction ?? "next" });
  const total = countTenants(await readCounter(db, "tenants"), args.plan, args.status);
  return { ...page, rows: page.rows.map((r) => rowOut(r, month)), total, truncated: false, sort, order };
}

export const list = staffQuery({
  args: listArgs,
  handler: (ctx, args) => loadTenantsPage(ctx.db, args),
});

/** The summary above the table: totals by status, MRR and revenue this month. */
export const summary = staffQuery({
  args: {},
  handler: async (ctx) => {
    const [s, first, anyTenant] = await Promise.all([
      platformSummary(ctx.db),
      ctx.db.query("tenantDirectory").first(),
      ctx.db.query("tenants").first(),
    ]);
    // Data from before the directory existed shows up only after a rebuild (platformBackfill).
    return { ...s, needsRebuild: first === null && anyTenant !== null, role: ctx.user.platformRole };
  },
});
