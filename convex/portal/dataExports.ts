/**
 * Data exports built in the background, as Slack's and GitHub's are: an owner or admin
 * asks (`request`), an action reads every tenant table page by page (the same tables,
 * redaction and tenant record as the streamed export in ./exports.ts) and stores one
 * JSON file in Convex storage; `finish` marks it ready, tells the workspace (export.ready:
 * in-app to who may download it, the email to who asked) and schedules its expiry 7 days
 * on, which deletes the file. Downloads go through the Next route
 * /t/[slug]/settings/exports/[id], which asks `download` as the signed-in person, so
 * identity, tenant and permission are checked on every download.
 */
import { v } from "convex/values";
import { internalAction, internalMutation, internalQuery, tenantMutation, tenantQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { internal } from "../_generated/api";
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { anyTable, EXPORT_TABLES, redacted, tenantIndex, tenantSummary, type ExportTable } from "./exports";
import { notify } from "../notifications/send";
import { DAY_MS } from "../../lib/domain/time";
import { formatDate } from "../../lib/domain/format";

/** How long the link works (Slack and GitHub keep theirs for about a week). */
export const EXPORT_TTL_MS = 7 * DAY_MS;
/** Requests a day per workspace: each export reads every row it owns. */
export const EXPORTS_PER_DAY = 5;
const PAGE = 1000;

export type ExportState = "pending" | "ready" | "failed" | "expired";

/** A ready export past its time reads as expired even before the expiry job has deleted it. */
export function stateOf(row: Doc<"dataExports">, now: number): ExportState {
  return row.status === "ready" && (row.expiresAt ?? 0) <= now ? "expired" : row.status;
}

async function recent(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, n: number): Promise<Doc<"dataExports">[]> {
  return db
    .query("dataExports")
    .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenantId))
    .order("desc")
    .take(n);
}

export const request = tenantMutation({
  args: {},
  permission: "tenant.export",
  // Taking one's data out stays possible while a workspace is suspended or past due.
  allowWhenRestricted: true,
  handler: async (ctx) => {
    const now = Date.now();
    const latest = await recent(ctx.db, ctx.tenant._id, EXPORTS_PER_DAY);
    if (latest.some((e) => e.status === "pending"))
      throw appError("CONFLICT", "An export is already being prepared; you will get an email when it is ready.");
    if (latest.length >= EXPORTS_PER_DAY && latest.every((e) => e.createdAt > now - DAY_MS))
      throw appError("CONFLICT", `A workspace can request ${EXPORTS_PER_DAY} exports a day; try again tomorrow.`);
    const id = await ctx.db.insert("dataExports", {
      tenantId: ctx.tenant._id,
      requestedBy: ctx.user._id,
      status: "pending",
      createdAt: now,
    });
    await ctx.scheduler.runAfter(0, internal.portal.dataExports.build, { exportId: id });
    return { id };
  },
});

export const list = tenantQuery({
  args: {},
  permission: "tenant.export",
  handler: async (ctx) => {
    const now = Date.now();
    return (await recent(ctx.db, ctx.tenant._id, 10)).map((e) => ({
      id: e._id,
      state: stateOf(e, now),
      createdAt: e.createdAt,
      readyAt: e.readyAt ?? null,
      expiresAt: e.expiresAt ?? null,
      size: e.size ?? null,
      rows: e.rows ?? null,
      error: e.error ?? null,
    }));
  },
});

/** The file's storage URL for the Next route to stream (never handed to the browser), if the export is this workspace's and still valid. */
export const download = tenantQuery({
  args: { id: v.string() },
  permission: "tenant.export",
  handler: async (ctx, { id }) => {
    const exportId = ctx.db.normalizeId("dataExports", id);
    // The RLS db returns null for another workspace's export: the same answer as a missing one.
    const row = exportId ? await ctx.db.get(exportId) : null;
    if (!row) throw appError("NOT_FOUND", "No such export in this workspace.");
    const state = stateOf(row, Date.now());
    if (state === "expired") throw appError("CONFLICT", "This export's link has expired (links work for 7 days); request a new export.");
    if (state !== "ready" || !row.storageId) throw appError("CONFLICT", "This export is not ready yet.");
    const url = await ctx.storage.getUrl(row.storageId);
    if (!url) throw appError("NOT_FOUND", "No such export in this workspace.");
    return {
      url,
      filename: `${ctx.tenant.slug}-export-${new Date(row.createdAt).toISOString().slice(0, 10)}.json`,
      size: row.size ?? null,
    };
  },
});

/** The background side: what the action reads, one call per page. */
export const source = internalQuery({
  args: { exportId: v.id("dataExports") },
  handler: async (ctx, { exportId }) => {
    const row = await ctx.db.get(exportId);
    const tenant = row && (await ctx.db.get(row.tenantId));
    if (!row || row.status !== "pending" || !tenant || tenant.status === "deleted") return null;
    const by = await ctx.db.get(row.requestedBy);
    return { tenant: tenantSummary(tenant), requestedBy: by?.email ?? null, tables: [...EXPORT_TABLES] as string[] };
  },
});

export const page = internalQuery({
  args: { tenantId: v.id("tenants"), table: v.string(), cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, { tenantId, table, cursor }) => {
    const name = table as ExportTable;
    const result = await anyTable(ctx.db, name)
      .withIndex(tenantIndex(name), (q) => q.eq("tenantId", tenantId))
      .paginate({ cursor, numItems: PAGE });
    return { rows: redacted(name, result.page), cursor: result.continueCursor, isDone: result.isDone };
  },
});

/** Reads every table into one JSON file (the streamed export's format) and stores it. */
export const build = internalAction({
  args: { exportId: v.id("dataExports") },
  handler: async (ctx, { exportId }) => {
    try {
      const src = await ctx.runQuery(internal.portal.dataExports.source, { exportId });
      if (!src) return;
      const parts: string[] = [];
      const header = {
        format: "tenantry-export/v1",
        exportedAt: new Date().toISOString(),
        requestedBy: src.requestedBy,
        tenant: src.tenant,
      };
      parts.push(
        `{\n${Object.entries(header)
          .map(([k, val]) => `${JSON.stringify(k)}: ${JSON.stringify(val)}`)
          .join(",\n")},\n"tables": {\n`,
      );
      const counts: Record<string, number> = {};
      for (const [t, table] of src.tables.entries()) {
        parts.push(`${t ? ",\n" : ""}  ${JSON.stringify(table)}: [\n`);
        counts[table] = 0;
        let cursor: string | null = null;
        for (;;) {
          const res: { rows: unknown[]; cursor: string; isDone: boolean } = await ctx.runQuery(internal.portal.dataExports.page, {
            tenantId: src.tenant._id,
            table,
            cursor,
          });
          for (const row of res.rows) parts.push(`${counts[table]++ ? ",\n" : ""}    ${JSON.stringify(row)}`);
          if (res.isDone) break;
          cursor = res.cursor;
        }
        parts.push(`\n  ]`);
      }
      parts.push(`\n},\n"counts": ${JSON.stringify(counts)},\n"complete": true\n}\n`);
      const blob = new Blob(parts, { type: "application/json" });
      const storageId = await ctx.storage.store(blob);
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      await ctx.runMutation(internal.portal.dataExports.finish, { exportId, storageId, size: blob.size, rows });
    } catch (error) {
      await ctx.runMutation(internal.portal.dataExports.fail, { exportId, error: error instanceof Error ? error.message : String(error) });
    }
  },
});

export const finish = internalMutation({
  args: { exportId: v.id("dataExports"), storageId: v.id("_storage"), size: v.number(), rows: v.number() },
  handler: async (ctx, { exportId, storageId, size, rows }) => {
    const row = await ctx.db.get(exportId);
    const tenant = row && (await ctx.db.get(row.tenantId));
    // Erased (or deleted) meanwhile: keep no file nobody may download.
    if (!row || row.status !== "pending" || !tenant || tenant.status === "deleted") return void (await ctx.storage.delete(storageId));
    const now = Date.now();
    const expiresAt = now + EXPORT_TTL_MS;
    await ctx.db.patch(exportId, { status: "ready", storageId, size, rows, readyAt: now, expiresAt });
    // The expiry carries the file's id: it deletes the bytes even if the workspace was erased (and the row with it) first.
    await ctx.scheduler.runAt(expiresAt, internal.portal.dataExports.expire, { exportId, storageId });
    const path = `/t/${tenant.slug}/settings/exports/${exportId}`;
    await notify(ctx.db, tenant, {
      kind: "export.ready",
      message: `The export of ${tenant.name} you asked for is ready: ${rows} records. The download link works until ${formatDate(expiresAt)}.`,
      eventKey: exportId,
      emailOnly: row.requestedBy,
      data: { path },
      now,
    });
  },
});

export const fail = internalMutation({
  args: { exportId: v.id("dataExports"), error: v.string() },
  handler: async (ctx, { exportId, error }) => {
    const row = await ctx.db.get(exportId);
    if (row?.status === "pending") await ctx.db.patch(exportId, { status: "failed", error: error.slice(0, 500) });
  },
});

export const expire = internalMutation({
  args: { exportId: v.id("dataExports"), storageId: v.id("_storage") },
  handler: async (ctx, { exportId, storageId }) => {
    const row = await ctx.db.get(exportId);
    if (row && row.status === "ready" && (row.expiresAt ?? 0) > Date.now()) return;
    if (await ctx.db.system.get(storageId)) await ctx.storage.delete(storageId);
    if (row?.status === "ready") await ctx.db.patch(exportId, { status: "expired", storageId: undefined });
  },
});
