/**
 * The Agents table's view (search, filters, sort, page size, page) as URL
 * search params, so a view can be shared and survives a reload. Pages are
 * Convex cursors: `after` holds the trail of cursors that led to this page,
 * which is what "Previous" pops.
 */
import { MODEL_IDS, type ModelId } from "@/lib/domain/plans";

export const SORTS = ["name", "model", "status", "createdAt"] as const;
export type Sort = (typeof SORTS)[number];
export const PAGE_SIZES = [10, 20, 50] as const;

export type AgentView = {
  q: string;
  status: "active" | "paused" | null;
  model: ModelId | null;
  dept: string | null;
  sort: Sort;
  order: "asc" | "desc";
  size: number;
  after: string[];
};

type Params = { get(name: string): string | null; getAll(name: string): string[] };

export function parseView(params: Params): AgentView {
  const status = params.get("status");
  const model = params.get("model");
  const sort = params.get("sort");
  const size = Number(params.get("size"));
  return {
    q: (params.get("q") ?? "").slice(0, 80),
    status: status === "active" || status === "paused" ? status : null,
    model: model && (MODEL_IDS as string[]).includes(model) ? (model as ModelId) : null,
    dept: params.get("dept") || null,
    sort: sort && (SORTS as readonly string[]).includes(sort) ? (sort as Sort) : "name",
    order: params.get("order") === "desc" ? "desc" : "asc",
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : 20,
    after: params.getAll("after").slice(0, 50),
  };
}

/** Only non-default values go in the URL, so the plain page stays /t/acme/agents. */
export function viewToSearch(view: AgentView): string {
  const p = new URLSearchParams();
  if (view.q) p.set("q", view.q);
  if (view.status) p.set("status", view.status);
  if (view.model) p.set("model", view.model);
  if (view.dept) p.set("dept", view.dept);
  if (view.sort !== "name") p.set("sort", view.sort);
  if (view.order !== "asc") p.set("order", view.order);
  if (view.size !== 20) p.set("size", String(view.size));
  for (const cursor of view.after) p.append("after", cursor);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** The agents:list arguments for a view (the department id is checked by Convex). */
export function listArgs(slug: string, view: AgentView) {
  return {
    slug,
    paginationOpts: { numItems: view.size, cursor: view.after.at(-1) ?? null },
    sort: view.sort,
    order: view.order,
    ...(view.status ? { status: view.status } : {}),
    ...(view.model ? { model: view.model } : {}),
    ...(view.dept ? { departmentId: view.dept as never } : {}),
    ...(view.q ? { search: view.q } : {}),
  };
}
