/**
 * Search for the all-tenants table: tenants whose name or slug starts with the
 * text (case-insensitive), with the plan and status filters. Both are index
 * ranges capped at SEARCH_CAP matches each, sorted in memory, and paged by
 * offset ("@50"); past the cap the answer says so and asks for more letters.
 */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import type { PlanId } from "../../lib/domain/plans";
import { appError } from "./errors";
import type { TenantStatus } from "./platformRead";
import type { TenantSort } from "./directoryPage";

export const SEARCH_CAP = 200;
type Row = Doc<"tenantDirectory">;
type Request = {
  search: string;
  plan?: PlanId;
  status?: TenantStatus;
  sort: TenantSort;
  order: "asc" | "desc";
  cursor: string | null;
  pageSize: number;
  month: string;
};

// Code-unit order, as Convex orders index strings (not the locale's).
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byName = (a: Row, b: Row) => cmp(a.nameKey, b.nameKey) || cmp(a.tenantId, b.tenantId);

function comparator(sort: TenantSort, month: string): (a: Row, b: Row) => number {
  const cost = (r: Row) => (r.month === month ? r.monthCostMicros : 0);
  switch (sort) {
    case "name":
      return byName;
    case "plan":
      return (a, b) => cmp(a.plan, b.plan) || byName(a, b);
    case "status":
      return (a, b) => cmp(a.status, b.status) || byName(a, b);
    case "agents":
      return (a, b) => a.agents - b.agents || byName(a, b);
    case "cost":
      return (a, b) => cost(a) - cost(b) || byName(a, b);
    case "created":
      return (a, b) => a.createdAt - b.createdAt || byName(a, b);
    case "lastActive":
      return (a, b) => cmp(a.lastActiveDay ?? "", b.lastActiveDay ?? "") || byName(a, b);
  }
}

function offsetOf(cursor: string | null): number {
  if (cursor === null) return 0;
  const m = /^@(\d{1,6})$/.exec(cursor);
  if (!m) throw appError("INVALID", "This page link no longer matches the search; start again from the first page.", "cursor");
  return Number(m[1]);
}

export async function searchDirectory(db: GenericDatabaseReader<DataModel>, req: Request) {
  const offset = offsetOf(req.cursor);
  const text = req.search.toLowerCase();
  const end = `${text}\uffff`;
  const { plan, status } = req;
  const names = await (
    plan && status
      ? db
          .query("tenantDirectory")
          .withIndex("by_plan_status_name", (q) => q.eq("plan", plan).eq("status", status).gte("nameKey", text).lt("nameKey", end))
      : plan
        ? db.query("tenantDirectory").withIndex("by_plan_name", (q) => q.eq("plan", plan).gte("nameKey", text).lt("nameKey", end))
        : status
          ? db.query("tenantDirectory").withIndex("by_status_name", (q) => q.eq("status", status).gte("nameKey", text).lt("nameKey", end))
          : db.query("tenantDirectory").withIndex("by_name", (q) => q.gte("nameKey", text).lt("nameKey", end))
  ).take(SEARCH_CAP + 1);
  const slugs = await db
    .query("tenantDirectory")
    .withIndex("by_slug", (q) => q.gte("slug", text).lt("slug", end))
    .take(SEARCH_CAP + 1);
  const truncated = names.length > SEARCH_CAP || slugs.length > SEARCH_CAP;
  const matches = new Map<string, Row>();
  for (const r of [...names.slice(0, SEARCH_CAP), ...slugs.slice(0, SEARCH_CAP)]) {
    if ((!plan || r.plan === plan) && (!status || r.status === status)) matches.set(r.tenantId, r);
  }
  const sorted = [...matches.values()].sort(comparator(req.sort, req.month));
  if (req.order === "desc") sorted.reverse();
  const rows = sorted.slice(offset, offset + req.pageSize);
  return {
    rows,
    total: sorted.length,
    truncated,
    hasNext: offset + req.pageSize < sorted.length,
    hasPrev: offset > 0,
    nextCursor: `@${offset + req.pageSize}`,
    prevCursor: `@${Math.max(0, offset - req.pageSize)}`,
  };
}
