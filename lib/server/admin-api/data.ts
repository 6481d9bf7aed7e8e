import "server-only";
import { api } from "@/convex/_generated/api";
import type { Id } from "@/convex/_generated/dataModel";
import { readObject } from "./body";
import { FieldError } from "./input";
import type { Handler } from "./tenants";
import { ok } from "./respond";

/**
 * Bulk reads and writes of one tenant for the CLI, each one page or one batch per
 * request so neither side holds a whole tenant: the detailed usage report, the
 * GDPR export's pages, and bulk invitations (check every batch, then apply).
 */
const query = (request: Request) => new URL(request.url).searchParams;

function pageSize(request: Request, fallback: number): number {
  const raw = query(request).get("limit");
  const n = raw === null ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new FieldError("limit must be a whole number from 1.", "limit");
  return n;
}

/** GET tenants/:slug/usage/detailed?month=YYYY-MM&cursor=: rows per day x agent x model (department rows next to each other). */
export const usageDetailed: Handler = async (op, request, slug) => {
  const month = query(request).get("month") ?? new Date().toISOString().slice(0, 7);
  const page = await op.query(api.admin.usageReport.detailed, {
    slug,
    month,
    cursor: query(request).get("cursor"),
    numItems: pageSize(request, 2000),
  });
  return ok({ slug, month, ...page });
};

/** POST tenants/:slug/export: audits the export and answers the tenant and the tables to page through. */
export const exportStart: Handler = async (op, _request, slug) => ok(await op.mutation(api.admin.export.start, { slug }));

/** GET tenants/:slug/export/:table?tenantId=&cursor=&limit=: one page of one table (admin only). */
export const exportPage: Handler = async (op, request, _slug, params) => {
  const tenantId = query(request).get("tenantId");
  if (!tenantId) throw new FieldError("tenantId is required (from POST .../export).", "tenantId");
  const page = await op.query(api.admin.export.page, {
    tenantId: tenantId as Id<"tenants">,
    table: params.table,
    cursor: query(request).get("cursor"),
    numItems: pageSize(request, 2000),
  });
  return ok(page);
};

type Row = { line: number; name: string; email: string; role: string };

function rowsOf(body: Record<string, unknown>): Row[] {
  const rows = body.rows;
  if (!Array.isArray(rows)) throw new FieldError("rows must be an array of { line, name, email, role }.", "rows");
  return rows.map((r, i) => {
    const row = r as Record<string, unknown>;
    if (typeof row !== "object" || row === null || typeof row.line !== "number")
      throw new FieldError("Each row needs a line number.", `rows[${i}].line`);
    for (const f of ["name", "email", "role"])
      if (typeof row[f] !== "string") throw new FieldError(`Each row's ${f} must be a string.`, `rows[${i}].${f}`);
    return { line: row.line, name: row.name as string, email: row.email as string, role: row.role as string };
  });
}

/** POST tenants/:slug/invitations/check { rows }: each row's outcome if imported; writes nothing. */
export const importCheck: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  return ok({ results: await op.query(api.admin.importUsers.check, { slug, rows: rowsOf(body.value) }) });
};

/** POST tenants/:slug/invitations/apply { rows }: invites the batch (rows already invited or members are reported, not repeated). */
export const importApply: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  return ok({ results: await op.mutation(api.admin.importUsers.apply, { slug, rows: rowsOf(body.value) }) });
};

/** POST tenants/:slug/provision { template, includeSampleData? }: a starter template's agents (and sample conversations when asked). */
export const provision: Handler = async (op, request, slug) => {
  const body = await readObject(request);
  if (!body.ok) return body.response;
  const template = body.value.template;
  if (typeof template !== "string" || !template) throw new FieldError("template is required.", "template");
  const sample = body.value.includeSampleData ?? false;
  if (typeof sample !== "boolean") throw new FieldError("includeSampleData must be true or false.", "includeSampleData");
  return ok(await op.mutation(api.admin.provision.applyTemplate, { slug, template, includeSampleData: sample }));
};
