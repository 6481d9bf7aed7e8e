import "server-only";
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/server/errors";
import { adminOpenApiDocument } from "./openapi";
import { FieldError } from "./input";
import type { OperatorOf } from "./operator";
import { failure } from "./respond";
import * as tenants from "./tenants";
import * as data from "./data";
import * as debug from "./debug";
import * as migrate from "./migrate";
import * as billing from "./billing";
import * as placement from "./placement";
import * as moves from "./moves";

/**
 * /api/admin/v1's routing table, read by the catch-all route handler and by the
 * CLI's tests (which reach the same handlers with a convex-local identity).
 * `:slug` stands for one path segment.
 */
export const ROUTES: { method: string; path: string; handler: tenants.Handler }[] = [
  { method: "GET", path: "tenants", handler: tenants.list },
  { method: "POST", path: "tenants", handler: tenants.create },
  { method: "GET", path: "tenants/:slug", handler: tenants.show },
  { method: "PATCH", path: "tenants/:slug", handler: tenants.update },
  { method: "POST", path: "tenants/:slug/plan", handler: tenants.upgrade },
  { method: "GET", path: "tenants/:slug/usage", handler: tenants.usage },
  { method: "POST", path: "tenants/:slug/suspend", handler: tenants.suspend },
  { method: "POST", path: "tenants/:slug/reactivate", handler: tenants.reactivate },
  { method: "POST", path: "tenants/:slug/delete", handler: tenants.remove },
  { method: "POST", path: "tenants/:slug/restore", handler: tenants.restore },
  { method: "POST", path: "tenants/:slug/purge", handler: tenants.purge },
  { method: "POST", path: "tenants/:slug/invitations", handler: tenants.invite },
  { method: "POST", path: "tenants/:slug/invitations/check", handler: data.importCheck },
  { method: "POST", path: "tenants/:slug/invitations/apply", handler: data.importApply },
  { method: "GET", path: "tenants/:slug/usage/detailed", handler: data.usageDetailed },
  { method: "POST", path: "tenants/:slug/export", handler: data.exportStart },
  { method: "GET", path: "tenants/:slug/export/:table", handler: data.exportPage },
  { method: "GET", path: "tenants/:slug/slow-queries", handler: debug.slowQueries },
  { method: "GET", path: "debug/users/:who", handler: debug.userSession },
  { method: "POST", path: "tenants/:slug/provision", handler: data.provision },
  { method: "GET", path: "tenants/:slug/migration", handler: migrate.snapshot },
  { method: "GET", path: "tenants/:slug/migration/usage", handler: migrate.usagePage },
  { method: "POST", path: "tenants/:slug/migration/structure", handler: migrate.importStructure },
  { method: "POST", path: "tenants/:slug/migration/usage", handler: migrate.importUsage },
  { method: "GET", path: "tenants/:slug/billing/reconcile", handler: billing.reconcile },
  { method: "GET", path: "deployments", handler: placement.deployments },
  { method: "GET", path: "tenants/:slug/placement", handler: placement.tenantPlacement },
  { method: "POST", path: "tenants/:slug/move", handler: moves.request },
  { method: "GET", path: "tenants/:slug/move", handler: moves.status },
];

/** The route for this method and path, with each `:name` segment it captured (`:slug` is also passed on its own). */
function match(method: string, segments: string[]) {
  for (const route of ROUTES) {
    const parts = route.path.split("/");
    if (route.method !== method || parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    if (parts.every((p, i) => (p.startsWith(":") ? ((params[p.slice(1)] = segments[i]), true) : p === segments[i])))
      return { route, slug: params.slug ?? "", params };
  }
  return null;
}

export async function dispatchAdmin(request: Request, segments: string[], operatorOf: OperatorOf): Promise<Response> {
  // The document describing this table is public, like /api/v1/openapi.json.
  if (request.method === "GET" && segments.join("/") === "openapi.json")
    return NextResponse.json(adminOpenApiDocument, { headers: { "Cache-Control": "public, max-age=300" } });
  const found = match(request.method, segments);
  if (!found) return errorResponse({ code: "NOT_FOUND", message: "No such admin endpoint; see /api/admin/v1/openapi.json." });
  try {
    const op = await operatorOf(request, segments.join("/"));
    if (!op)
      return errorResponse({ code: "UNAUTHENTICATED", message: "Missing operator token: send it as Authorization: Bearer <token>." });
    return await found.route.handler(op, request, found.slug, found.params);
  } catch (error) {
    if (error instanceof FieldError) return errorResponse({ code: "INVALID", message: error.message, field: error.field });
    return failure(error, `admin ${request.method} ${found.route.path}`);
  }
}
