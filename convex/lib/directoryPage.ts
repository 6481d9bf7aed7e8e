/**
 * One page of the all-tenants table, read from `tenantDirectory` by the index
 * that matches the sort and filters (schema.ts has one per sort column and
 * filter prefix), so a page costs its own rows whatever the table's size.
 * Cursors are index keys (./keyset.ts), which also lets a page be read
 * backwards for "previous". Search (./directorySearch.ts) is a name or slug prefix.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import schema from "../schema";
import type { PlanId } from "../../lib/domain/plans";
import { encodeKey, keyOf, keysetPage } from "./keyset";
import type { TenantStatus } from "./platformRead";

export const TENANT_SORTS = ["name", "plan", "agents", "cost", "status", "created", "lastActive"] as const;
export type TenantSort = (typeof TENANT_SORTS)[number];
type Filters = { plan?: PlanId; status?: TenantStatus };
type Row = Doc<"tenantDirectory">;

// [no filter, status, plan, plan + status]; plan and status sorts reuse the name indexes.
const INDEXES: Record<TenantSort, [string, string, string, string]> = {
  name: ["by_name", "by_status_name", "by_plan_name", "by_plan_status_name"],
  plan: ["by_plan_name", "by_status_plan_name", "by_plan_name", "by_plan_status_name"],
  status: ["by_status_name", "by_status_name", "by_plan_status_name", "by_plan_status_name"],
  agents: ["by_agents", "by_status_agents", "by_plan_agents", "by_plan_status_agents"],
  cost: ["by_cost", "by_status_cost", "by_plan_cost", "by_plan_status_cost"],
  created: ["by_created", "by_status_created", "by_plan_created", "by_plan_status_created"],
  lastActive: ["by_last_active", "by_status_last_active", "by_plan_last_active", "by_plan_status_last_active"],
};

export function indexFor(sort: TenantSort, f: Filters) {
  const index = INDEXES[sort][(f.status ? 1 : 0) + (f.plan ? 2 : 0)];
  const fields = schema.tables.tenantDirectory[" indexes"]().find((i) => i.indexDescriptor === index)!.fields;
  // Filtered fields lead the chosen index; equality on them, in index order.
  const eq: string[] = [];
  for (const field of fields) {
    const value = field === "plan" ? f.plan : field === "status" ? f.status : undefined;
    if (value === undefined) break;
    eq.push(value);
  }
  return { index, fields, eq };
}

export type PageRequest = Filters & {
  sort: TenantSort;
  order: "asc" | "desc";
  cursor: string | null;
  direction: "next" | "prev";
  pageSize: number;
};

/** A page in the requested order, with cursors for the pages after and before it. */
export async function directoryPage(db: GenericDatabaseReader<DataModel>, req: PageRequest) {
  const { index, fields, eq } = indexFor(req.sort, req);
  const backwards = req.direction === "prev" && req.cursor !== null;
  const order = backwards ? (req.order === "asc" ? "desc" : "asc") : req.order;
  const { page, hasMore } = await keysetPage<Row>(db, {
    table: "tenantDirectory",
    index,
    fields,
    eq,
    order,
    cursor: req.cursor,
    limit: req.pageSize,
  });
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  return {
    rows: page,
    hasNext: backwards ? true : hasMore,
    hasPrev: backwards ? hasMore : req.cursor !== null,
    nextCursor: last ? encodeKey(keyOf(last, fields)) : null,
    prevCursor: first ? encodeKey(keyOf(first, fields)) : null,
  };
}
