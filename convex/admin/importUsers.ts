/**
 * `tenantry tenant import-users SLUG --csv FILE`: the portal's bulk invitations
 * (convex/portal/invitations/csvImport.ts: the same row rules, outcomes and
 * messages) run by platform staff, who may invite any role (owners included, as
 * admin/invite does). `check` classifies rows and writes nothing; `apply` invites
 * a batch, classifying again in its own transaction, so re-running a file never
 * duplicates anyone. The admin API checks every batch before applying any, so a
 * file with one bad row invites nobody.
 */
import { v } from "convex/values";
import { staffMutation, staffQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import type { Role } from "../../lib/domain/permissions";
import { classify, type ImportResult } from "../portal/invitations/csvImport";
import { insertInvitation } from "../portal/invitations/invites";
import { tenantBySlugX } from "./bySlug";

/** Rows per call: larger than the portal's 100 (fewer round trips for a 10,000-row file), far below Convex's per-transaction write limits. */
export const STAFF_IMPORT_BATCH = 250;

const rowValidator = v.object({ line: v.number(), name: v.string(), email: v.string(), role: v.string() });
type Row = { line: number; name: string; email: string; role: string };

function batchX(rows: Row[]) {
  if (rows.length === 0 || rows.length > STAFF_IMPORT_BATCH)
    throw appError("INVALID", `Send 1 to ${STAFF_IMPORT_BATCH} rows at a time.`, "rows");
  const bad = rows.findIndex((r) => !Number.isSafeInteger(r.line) || r.line < 1);
  if (bad !== -1) throw appError("INVALID", "Each row's line must be the file's line number (a whole number from 1).", `rows[${bad}].line`);
}

export const check = staffQuery({
  args: { slug: v.string(), rows: v.array(rowValidator) },
  handler: async (ctx, { slug, rows }): Promise<ImportResult[]> => {
    batchX(rows);
    const t = await tenantBySlugX(ctx.db, slug);
    const classified = await classify(ctx.db, t._id, "owner", rows);
    return classified.map(({ row, email, outcome, message }) => ({ line: row.line, email, outcome, message }));
  },
});

export const apply = staffMutation({
  args: { slug: v.string(), rows: v.array(rowValidator) },
  handler: async (ctx, { slug, rows }): Promise<ImportResult[]> => {
    batchX(rows);
    const t = await tenantBySlugX(ctx.db, slug);
    if (t.status === "deleted") throw appError("CONFLICT", `${t.name} is deleted; restore it before you invite anyone.`);
    const classified = await classify(ctx.db, t._id, "owner", rows);
    const results: ImportResult[] = [];
    for (const { row, email, outcome, message } of classified) {
      if (outcome !== "would_invite") {
        results.push({ line: row.line, email, outcome, message });
        continue;
      }
      const name = row.name.trim();
      await insertInvitation(ctx.db, t, ctx.user, { email, role: row.role as Role, ...(name ? { name } : {}) });
      results.push({ line: row.line, email, outcome: "invited", message: "Invited" });
    }
    return results;
  },
});
