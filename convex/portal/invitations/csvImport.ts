/**
 * Bulk invitations from a CSV (name,email,role). The browser parses the file
 * and refuses a malformed one before anything is sent; then `check` (read
 * only) classifies every row in batches, and `apply` invites batch by batch
 * with progress. Each row gets its own outcome; re-running a file is safe
 * (already-invited and already-member rows are reported, not duplicated).
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { tenantMutation, tenantQuery } from "../../lib/functions";
import { appError } from "../../lib/errors";
import { emailProblem, normalizeEmail, personNameProblem, roleProblem } from "../../../lib/domain/validation";
import type { Role } from "../../../lib/domain/permissions";
import { inviteBlocker, insertInvitation, ownerOnlyProblem } from "./invites";
import type { DataModel, Id } from "../../_generated/dataModel";

/** Rows per call: small enough to stay far below Convex's per-transaction limits. */
export const IMPORT_BATCH = 100;

const rowValidator = v.object({ line: v.number(), name: v.string(), email: v.string(), role: v.string() });
type Row = { line: number; name: string; email: string; role: string };
export type ImportOutcome =
  "invited" | "would_invite" | "already_member" | "already_invited" | "invalid_email" | "invalid_name" | "invalid_role" | "duplicate";
export type ImportResult = { line: number; email: string; outcome: ImportOutcome; message: string };

const MESSAGES: Record<ImportOutcome, string> = {
  invited: "Invited",
  would_invite: "Will be invited",
  already_member: "Already a member",
  already_invited: "Already has a pending invitation",
  invalid_email: "Invalid email address",
  invalid_name: "Invalid name (at most 80 characters, no control or text-direction characters)",
  invalid_role: "Invalid role (use owner, admin, member or viewer)",
  duplicate: "Appears earlier in the file",
};

function checkBatch(rows: Row[]) {
  if (rows.length === 0 || rows.length > IMPORT_BATCH) throw appError("INVALID", `Send 1 to ${IMPORT_BATCH} rows at a time.`, "rows");
  // The line number is shown back to the person importing: the file's own 1-based line, nothing else.
  const bad = rows.findIndex((r) => !Number.isSafeInteger(r.line) || r.line < 1);
  if (bad !== -1) throw appError("INVALID", "Each row's line must be the file's line number (a whole number from 1).", `rows[${bad}].line`);
}

export async function classify(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, actorRole: Role, rows: Row[]) {
  const seen = new Set<string>();
  const out: { row: Row; email: string; outcome: ImportOutcome; message: string }[] = [];
  for (const row of rows) {
    const email = normalizeEmail(row.email);
    const role = row.role.trim().toLowerCase();
    let outcome: ImportOutcome = "would_invite";
    let message: string | null = null;
    if (emailProblem(row.email)) outcome = "invalid_email";
    else if (personNameProblem(row.name)) outcome = "invalid_name";
    else if (roleProblem(role)) outcome = "invalid_role";
    else if ((message = ownerOnlyProblem(actorRole, role as Role))) outcome = "invalid_role";
    else if (seen.has(email)) outcome = "duplicate";
    else outcome = (await inviteBlocker(db, tenantId, email)) ?? "would_invite";
    seen.add(email);
    out.push({ row: { ...row, role }, email, outcome, message: message ?? MESSAGES[outcome] });
  }
  return out;
}

/** Dry run: what importing these rows would do. Writes nothing. */
export const check = tenantQuery({
  args: { rows: v.array(rowValidator) },
  permission: "team.manage",
  handler: async (ctx, { rows }): Promise<ImportResult[]> => {
    checkBatch(rows);
    const classified = await classify(ctx.db, ctx.tenant._id, ctx.member.role, rows);
    return classified.map(({ row, email, outcome, message }) => ({ line: row.line, email, outcome, message }));
  },
});

export const apply = tenantMutation({
  args: { rows: v.array(rowValidator) },
  permission: "team.manage",
  handler: async (ctx, { rows }): Promise<ImportResult[]> => {
    checkBatch(rows);
    const classified = await classify(ctx.db, ctx.tenant._id, ctx.member.role, rows);
    const results: ImportResult[] = [];
    for (const { row, email, outcome, message } of classified) {
      if (outcome !== "would_invite") {
        results.push({ line: row.line, email, outcome, message });
        continue;
      }
      const name = row.name.trim();
      await insertInvitation(ctx.db, ctx.tenant, ctx.user, { email, role: row.role as Role, ...(name ? { name } : {}) });
      results.push({ line: row.line, email, outcome: "invited", message: MESSAGES.invited });
    }
    return results;
  },
});
