/**
 * The all-tenants table's view (search, plan and status filters, sort, page)
 * as URL search params, so a view can be shared and survives a reload. Pages
 * are index-key cursors from Convex: `cursor` with `dir=prev` reads backwards
 * from the first row of the page after; `page` is only the number shown.
 */
import { PLAN_IDS, type PlanId } from "@/lib/domain/plans";
import { TENANT_STATUSES, type TenantStatus } from "@/lib/domain/tenant-status";

export const SORTS = ["name", "plan", "agents", "cost", "status", "created", "lastActive"] as const;
export type Sort = (typeof SORTS)[number];
export const STATUSES = TENANT_STATUSES;
export type Status = TenantStatus;
export const PAGE_SIZE = 50;

export type TenantView = {
  q: string;
  plan: PlanId | null;
  status: Status | null;
  sort: Sort;
  order: "asc" | "desc";
  cursor: string | null;
  dir: "next" | "prev";
  page: number;
};

type Params = { get(name: string): string | null };
const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | null =>
  value && (allowed as readonly string[]).includes(value) ? (value as T) : null;

export function parseView(params: Params): TenantView {
  const page = Number(params.get("page"));
  const cursor = params.get("cursor");
  return {
    q: (params.get("q") ?? "").slice(0, 80),
    plan: pick(params.get("plan"), PLAN_IDS),
    status: pick(params.get("status"), STATUSES),
    sort: pick(params.get("sort"), SORTS) ?? "name",
    order: params.get("order") === "desc" ? "desc" : "asc",
    cursor: cursor && cursor.length <= 1000 ? cursor : null,
    dir: params.get("dir") === "prev" ? "prev" : "next",
    page: cursor && Number.isInteger(page) && page > 1 && page < 100_000 ? page : 1,
  };
}

/** Only non-default values go in the URL, so the plain page stays /admin/tenants. */
export function viewToSearch(view: TenantView): string {
  const p = new URLSearchParams();
  if (view.q) p.set("q", view.q);
  if (view.plan) p.set("plan", view.plan);
  if (view.status) p.set("status", view.status);
  if (view.sort !== "name") p.set("sort", view.sort);
  if (view.order !== "asc") p.set("order", view.order);
  if (view.cursor) {
    p.set("cursor", view.cursor);
    if (view.dir === "prev") p.set("dir", "prev");
    p.set("page", String(view.page));
  }
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The admin/tenants:list arguments for a view. */
export function listArgs(view: TenantView) {
  return {
    sort: view.sort,
    order: view.order,
    pageSize: PAGE_SIZE,
    cursor: view.cursor,
    direction: view.dir,
    ...(view.plan ? { plan: view.plan } : {}),
    ...(view.status ? { status: view.status } : {}),
    ...(view.q ? { search: view.q } : {}),
  };
}
