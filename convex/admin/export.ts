/**
 * Exporting a tenant's data as platform staff (admin only; audited). The same
 * tables and redactions as the tenant's own export (convex/portal/exports.ts), read
 * one page at a time; the Next route /admin/tenants/[slug]/export streams the
 * pages out as one JSON file.
 */
import { v } from "convex/values";
import { staffMutation, staffQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { isStaff } from "../lib/access";
import { audit } from "../lib/audit";
import { anyTable, EXPORT_TABLES, tenantIndex } from "../portal/exports";
import { tenantX } from "./actions";
import { paginateX } from "../lib/paging";

/**
 * Pages of up to 2,000 rows for the CLI's export (`tenantry tenant export`): a large tenant's
 * million usage events take 500 round trips instead of 1,000, inside Convex's per-query
 * limits (16,384 documents, 8 MiB read, 1 s; 5,000 rows ran past 1 s on a loaded machine).
 */
export const ADMIN_EXPORT_PAGE = 2000;

/** Never exported: a hash still identifies a live invitation link. */
const REDACT: Record<string, string[]> = { invitations: ["tokenHash"], apiKeys: ["hash"] };

/** Audits the export and returns what the route needs to stream it. */
export const start = staffMutation({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const t = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!t) throw appError("NOT_FOUND", "No tenant has that slug.");
    await audit(ctx.db, {
      tenantId: t._id,
      actor: ctx.user,
      action: "tenant.export",
      target: t.slug,
      after: { tables: EXPORT_TABLES.length },
    });
    const { _id, name, plan, status, billingEmail, monthlyBudgetCents, quotaOverrides, trialEndsAt, createdAt, updatedAt, deletedAt } = t;
    return {
      tables: [...EXPORT_TABLES] as string[],
      tenant: {
        _id,
        name,
        slug,
        plan,
        status,
        billingEmail,
        monthlyBudgetCents,
        quotaOverrides,
        trialEndsAt,
        createdAt,
        updatedAt,
        deletedAt,
      },
    };
  },
});

export const page = staffQuery({
  args: { tenantId: v.id("tenants"), table: v.string(), cursor: v.union(v.string(), v.null()), numItems: v.number() },
  handler: async (ctx, { tenantId, table, cursor, numItems }) => {
    // Bulk export is an admin action even though support may read each page of the console.
    if (!isStaff(ctx.user, "admin")) throw appError("FORBIDDEN", "Platform support is read-only; an admin must export tenant data.");
    await tenantX(ctx.db, tenantId);
    if (!(EXPORT_TABLES as readonly string[]).includes(table)) throw appError("INVALID", `"${table}" is not an exportable table.`, "table");
    const name = table as (typeof EXPORT_TABLES)[number];
    const result = await paginateX(
      anyTable(ctx.db, name).withIndex(tenantIndex(name), (q) => q.eq("tenantId", tenantId)),
      { cursor, numItems },
      ADMIN_EXPORT_PAGE,
      "",
    );
    // A cursor is only good for the list it came from: one that lands outside this tenant's rows
    // (convex-local read from wherever a forged cursor pointed, other tenants included) is refused.
    if (result.page.some((row) => row.tenantId !== tenantId))
      throw appError("INVALID", "This page link no longer matches the list; start again from the first page.", "cursor");
    const hidden = REDACT[name] ?? [];
    const rows = hidden.length
      ? result.page.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !hidden.includes(k))))
      : result.page;
    return { rows, cursor: result.continueCursor, isDone: result.isDone };
  },
});
