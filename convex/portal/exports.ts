/**
 * Data export (GDPR portability): every tenant-owned table, read one page at
 * a time so a large tenant never hits a transaction's read limit. The Next
 * route /t/[slug]/settings/export streams these pages out as one JSON file.
 */
import { v } from "convex/values";
import { tenantQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { TENANT_TABLES } from "../lib/tables";
import { paginateX } from "../lib/paging";
import schema from "../schema";
import type { GenericDatabaseReader, GenericTableInfo, QueryInitializer } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";

/** Tenant-owned tables plus the tenant's own audit trail. */
export const EXPORT_TABLES = [...TENANT_TABLES, "auditLogs"] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const MAX_PAGE = 1000;

/** Never exported: invitation secrets are hashes, but a hash still identifies a live link. */
// Secrets (even hashed) never leave in an export.
const REDACT: Partial<Record<ExportTable, string[]>> = { invitations: ["tokenHash"], apiKeys: ["hash"] };

/** Rows as they leave in an export: without the table's secrets. Shared with the background export (./dataExports.ts). */
export function redacted(table: ExportTable, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const hidden = REDACT[table] ?? [];
  return hidden.length ? rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !hidden.includes(k)))) : rows;
}

/** The first index of a table that starts with tenantId (every tenant table has one). */
export function tenantIndex(table: ExportTable): string {
  const index = schema.tables[table][" indexes"]().find((i) => i.fields[0] === "tenantId");
  if (!index) throw new Error(`${table} has no index starting with tenantId`);
  return index.indexDescriptor;
}

/** A query over a table named at run time: Convex's per-table typing cannot follow a variable name. */
export function anyTable(db: GenericDatabaseReader<DataModel>, table: ExportTable) {
  return db.query(table) as unknown as QueryInitializer<GenericTableInfo>;
}

/** The workspace's own record at the head of an export. */
export function tenantSummary(t: Doc<"tenants">) {
  return {
    _id: t._id,
    name: t.name,
    slug: t.slug,
    plan: t.plan,
    status: t.status,
    billingEmail: t.billingEmail,
    monthlyBudgetCents: t.monthlyBudgetCents ?? null,
    trialEndsAt: t.trialEndsAt ?? null,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export const manifest = tenantQuery({
  args: {},
  permission: "tenant.export",
  handler: async (ctx) => {
    return { tables: [...EXPORT_TABLES] as string[], tenant: tenantSummary(ctx.tenant) };
  },
});

export const page = tenantQuery({
  args: { table: v.string(), cursor: v.union(v.string(), v.null()), numItems: v.number() },
  permission: "tenant.export",
  handler: async (ctx, { table, cursor, numItems }) => {
    if (!(EXPORT_TABLES as readonly string[]).includes(table)) throw appError("INVALID", `"${table}" is not an exportable table.`, "table");
    const name = table as ExportTable;
    const tenantId = ctx.tenant._id;
    // The RLS db still limits rows to this tenant, whatever the table.
    const result = await paginateX(
      anyTable(ctx.db, name).withIndex(tenantIndex(name), (q) => q.eq("tenantId", tenantId)),
      { cursor, numItems },
      MAX_PAGE,
      "",
    );
    return { rows: redacted(name, result.page), cursor: result.continueCursor, isDone: result.isDone };
  },
});
