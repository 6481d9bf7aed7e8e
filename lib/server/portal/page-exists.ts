import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { api } from "@/convex/_generated/api";
import { can } from "@/lib/domain/permissions";
import { PATH_HEADER } from "@/lib/server/auth/redirect";
import { appErrorOf } from "@/lib/server/convex/errors";
import type { TenantSummary } from "@/lib/server/tenancy";
import { fetchAs, preloadSettled } from "./convex";

/**
 * Issue 18: a workspace address that names nothing answers HTTP 404, not 200. A page's own
 * notFound() comes too late for the status: it runs inside the workspace's loading boundary
 * (app/(app)/t/[slug]/loading.tsx), and showing that skeleton starts the response with 200
 * (node_modules/next/dist/docs/01-app/03-api-reference/03-file-conventions/loading.md, "Status
 * codes"). So the workspace layout, which renders before any boundary, checks the path (from
 * proxy.ts's PATH_HEADER) against the workspace's pages and, for the two that name a record,
 * that the record exists. The record reads are the pages' own, shared through React cache():
 * one Convex call per request, as before. Soft navigations keep the layout and skip this.
 */

/** The pages under /t/<slug> (app/(app)/t/[slug]/**\/page.tsx, tests/portal/page-exists.test.ts keeps them in step); "*" is a segment. */
export const WORKSPACE_PAGES = [
  "",
  "agents",
  "agents/*",
  "api-keys",
  "billing",
  "billing/invoices/*",
  "billing/outbox",
  "conversations",
  "memory",
  "messages",
  "notifications",
  "scopes",
  "settings",
  "tasks",
  "team",
  "usage",
  "webhooks",
] as const;
export type WorkspacePage = (typeof WORKSPACE_PAGES)[number];

/** The page `rest` (the path's segments after the slug) addresses, or null for none. */
export function workspacePageOf(rest: string[]): WorkspacePage | null {
  return (
    WORKSPACE_PAGES.find((page) => {
      const parts = page === "" ? [] : page.split("/");
      return parts.length === rest.length && parts.every((p, i) => p === "*" || p === rest[i]);
    }) ?? null
  );
}

/** The agent page's data, read once per request by the layout's check and the page. */
export const agentDetail = cache((slug: string, agentId: string) => preloadSettled(api.portal.agentDetail.get, { slug, agentId }));
/** The invoice page's record (null: not this workspace's), likewise shared. */
export const workspaceInvoice = cache((slug: string, id: string) => fetchAs(api.billing.account.invoice, { slug, id }));

function segmentsAfterSlug(path: string): string[] | null {
  const parts = path.split(/[?#]/)[0].split("/").filter(Boolean);
  if (parts[0] !== "t" || parts.length < 2) return null;
  try {
    return parts.slice(2).map(decodeURIComponent);
  } catch {
    return null;
  }
}

/** Calls notFound() when the requested workspace address names no page or no record. */
export async function assertWorkspacePageExists(tenant: TenantSummary): Promise<void> {
  const path = (await headers()).get(PATH_HEADER);
  const rest = path ? segmentsAfterSlug(path) : null;
  // No path header (a request proxy.ts did not see): the pages' own checks still show the 404 page.
  if (!rest) return;
  const page = workspacePageOf(rest);
  if (page === null) notFound();
  if (page === "agents/*" && can(tenant.role, "agents.read")) {
    const read = await agentDetail(tenant.slug, rest[1]);
    if (!read.ok && appErrorOf(read.error)?.code === "NOT_FOUND") notFound();
  }
  // Without billing access the page says so (same answer for any id), so the record is not looked up.
  if (page === "billing/invoices/*" && can(tenant.role, "billing.read") && !(await workspaceInvoice(tenant.slug, rest[2]))) notFound();
}
