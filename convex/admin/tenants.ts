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
import { BILLABLE_STATUSES } from "../lib/platformStats";
import { directoryPage, TENANT_SORTS } from "../lib/directoryPage";
import { searchDirectory } from "../lib/directorySearch";
import { pageSizeX } from "../lib/paging";
import { planValidator, tenantStatusValidator } from "../schema";
import { PLANS } from "../../lib/domain/plans";
import { TENANT_STATUSES } from "../../lib/domain/tenant-status";
import type { DataModel, Doc } from "../_generated/dataModel";

const MAX_PAGE = 100;
const MAX_SEARCH = 80;

type Extras = { users: number };

function rowOut(r: Doc<"tenantDirectory">, month: string, extras: Extras) {
  const current = r.month === month;
  const billable = (BILLABLE_STATUSES as readonly string[]).includes(r.status);
  return {
    tenantId: r.tenantId,
    name: r.name,
    slug: r.slug,
    plan: r.plan,
    planName: PLANS[r.plan].name,
    status: r.status,
    agents: r.agents,
    users: extras.users,
    // The same rule as the platform's MRR sum (platformStats.contributions), so the column adds up to it.
    mrrCents: billable ? PLANS[r.plan].priceCents : 0,
    costMicros: current ? r.monthCostMicros : 0,
    tokens: current ? r.monthTokens : 0,
    quotaPercent: r.quotaPercent,
    createdAt: r.createdAt,
    /** YYYY-MM-DD of the newest usage, null if none was ever recorded. */
    lastActiveDay: r.lastActiveDay || null,
  };
}
export type TenantRow = ReturnType<typeof rowOut>;

/**
 * Members for one page of rows: one indexed point read per row (the tenant's one
 * counters row), so a page costs the same however many tenants or members there are.
 * Last active is not read here: the directory row carries it (lastActiveDay, kept by
 * recording usage), which also makes it sortable.
 */
async function pageExtras(db: GenericDatabaseReader<DataModel>, rows: Doc<"tenantDirectory">[]): Promise<Extras[]> {
  return Promise.all(
    rows.map(async (r) => {
      const counters = await db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", r.tenantId))
        .unique();
      if (counters) return { users: counters.members };
      // A tenant moved off the control plane (its rows retired here): the count its deployment reported.
      const reported = await db
        .query("rollupTenants")
        .withIndex("by_tenant", (q) => q.eq("tenantId", r.tenantId))
        .unique();
      return { users: reported?.members ?? 0 };
    }),
  );
}

async function rowsOut(db: GenericDatabaseReader<DataModel>, rows: Doc<"tenantDirectory">[], month: string) {
  const extras = await pageExtras(db, rows);
  return rows.map((r, i) => rowOut(r, month, extras[i]!));
}

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
  const order = args.order ?? (sort === "cost" || sort === "agents" || sort === "created" || sort === "lastActive" ? "desc" : "asc");
  const base = { plan: args.plan, status: args.status, sort, order, cursor: args.cursor ?? null, pageSize } as const;
  if (search) {
    const found = await searchDirectory(db, { ...base, search, month });
    return { ...found, rows: await rowsOut(db, found.rows, month), sort, order };
  }
  const page = await directoryPage(db, { ...base, direction: args.direction ?? "next" });
  const total = countTenants(await readCounter(db, "tenants"), args.plan, args.status);
  return { ...page, rows: await rowsOut(db, page.rows, month), total, truncated: false, sort, order };
}

export const list = staffQuery({
  args: listArgs,
  handler: (ctx, args) => loadTenantsPage(ctx.db, args),
});

/** The summary above the table and its totals row: counts by status, agents, MRR, revenue and cost this month. */
export const summary = staffQuery({
  args: {},
  handler: async (ctx) => {
    const [s, tenantSums, first, anyTenant] = await Promise.all([
      platformSummary(ctx.db),
      readCounter(ctx.db, "tenants"),
      ctx.db.query("tenantDirectory").first(),
      ctx.db.query("tenants").first(),
    ]);
    // Data from before the directory existed shows up only after a rebuild (platformBackfill).
    // Every agent of a tenant that still exists, whatever its status (the overview counts running ones only).
    const agents = TENANT_STATUSES.filter((st) => st !== "deleted").reduce((n, st) => n + (tenantSums[`portal/agents:${st}`] ?? 0), 0);
    return { ...s, agents, needsRebuild: first === null && anyTenant !== null, role: ctx.user.platformRole };
  },
});
