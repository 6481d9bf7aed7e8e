/**
 * Tenant moves on the control plane (issue 20): the workflow's record, saved by the
 * runner (lib/server/scaling/move/runner.ts) after every batch so that a runner killed at
 * any point resumes where the record says. System secret only: the admin API and the
 * CLI reach it through the Next server.
 */
import { v } from "convex/values";
import { staffMutation, staffQuery, systemMutation, systemQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { audit } from "../lib/audit";
import { tenantBySlugX } from "../admin/bySlug";
import { parsePlacement } from "../../lib/domain/placement";
import type { Doc } from "../_generated/dataModel";

const statusValidator = v.union(v.literal("running"), v.literal("failed"), v.literal("switched"), v.literal("done"), v.literal("reversed"));

/** Moves that still hold the tenant: only one at a time (a reverse takes over from the move it undoes). */
const OPEN: Doc<"tenantMoves">["status"][] = ["running", "failed", "switched"];

export const create = systemMutation({
  args: {
    slug: v.string(),
    from: v.string(),
    to: v.string(),
    sourceUrl: v.string(),
    targetUrl: v.string(),
    phase: v.string(),
    state: v.any(),
    reverseOf: v.optional(v.string()),
  },
  handler: async (ctx, { reverseOf: reverseArg, ...args }) => {
    const reverseOf = reverseArg === undefined ? undefined : (ctx.db.normalizeId("tenantMoves", reverseArg) ?? undefined);
    if (reverseArg !== undefined && !reverseOf) throw appError("NOT_FOUND", "No such move.");
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", args.slug))
      .unique();
    if (!tenant) throw appError("NOT_FOUND", "No tenant has that slug.");
    const open = (
      await ctx.db
        .query("tenantMoves")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
        .order("desc")
        .take(20)
    ).filter((m) => OPEN.includes(m.status) && m._id !== reverseOf);
    if (open.length)
      throw appError("CONFLICT", `"${args.slug}" is already being moved (${open[0].from} -> ${open[0].to}, ${open[0].phase}).`);
    const now = Date.now();
    return await ctx.db.insert("tenantMoves", {
      ...args,
      ...(reverseOf ? { reverseOf } : {}),
      tenantId: tenant._id,
      status: "running",
      startedAt: now,
      updatedAt: now,
    });
  },
});

export const save = systemMutation({
  args: { moveId: v.string(), phase: v.string(), status: statusValidator, state: v.any(), error: v.optional(v.string()) },
  handler: async (ctx, { moveId: raw, phase, status, state, error }) => {
    const moveId = ctx.db.normalizeId("tenantMoves", raw);
    if (!moveId || !(await ctx.db.get(moveId))) throw appError("NOT_FOUND", "No such move.");
    await ctx.db.patch(moveId, { phase, status, state, error, updatedAt: Date.now() });
  },
});

export const get = systemQuery({
  args: { moveId: v.string() },
  handler: async (ctx, { moveId }) => {
    const id = ctx.db.normalizeId("tenantMoves", moveId);
    return id ? await ctx.db.get(id) : null;
  },
});

/** The tenant's moves, newest first. */
export const list = systemQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (!tenant) return [];
    return await ctx.db
      .query("tenantMoves")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
      .order("desc")
      .take(20);
  },
});

/** Staff (support included): a tenant's moves, newest first, as `tenantry tenant migrate-status` shows them. */
export const status = staffQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const tenant = await tenantBySlugX(ctx.db, slug);
    const moves = await ctx.db
      .query("tenantMoves")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
      .order("desc")
      .take(20);
    return moves.map((m) => {
      const st = (m.state ?? {}) as { caughtUp?: number; freezeMs?: number; retired?: number; verified?: Record<string, { ok: boolean }> };
      return {
        ...moveRow(m),
        reverseOf: (m.reverseOf as string | undefined) ?? null,
        caughtUp: st.caughtUp ?? 0,
        verifiedTables: st.verified ? Object.keys(st.verified).length : null,
        verifyOk: st.verified ? Object.values(st.verified).every((t) => t.ok) : null,
        freezeMs: st.freezeMs ?? null,
        retiredRows: st.retired ?? null,
      };
    });
  },
});

/**
 * An admin asks for a move step (start, resume, reverse, complete): checked and audited here,
 * then run by the Next server with the system secret (lib/server/admin-api/moves.ts).
 */
export const authorize = staffMutation({
  args: {
    slug: v.string(),
    action: v.union(v.literal("start"), v.literal("resume"), v.literal("reverse"), v.literal("complete")),
    to: v.string(),
  },
  handler: async (ctx, { slug, action, to }) => {
    if (action === "start" ? parsePlacement(to) === null : to !== "")
      throw appError("INVALID", "to is the placement to move to (shared:SHARD or dedicated:NAME) when starting, empty otherwise.", "to");
    const tenant = await tenantBySlugX(ctx.db, slug);
    await audit(ctx.db, { tenantId: tenant._id, actor: ctx.user, action: `tenant.move.${action}`, target: slug, after: { to } });
    return { tenantId: tenant._id as string };
  },
});

/** What a console row (and the CLI's status) needs from a move: the runner's `state` reduced to counts (its shape is the runner's business). */
function moveRow(m: Doc<"tenantMoves">) {
  const st = (m.state ?? {}) as { copied?: Record<string, number> };
  return {
    id: m._id as string,
    slug: m.slug,
    from: m.from,
    to: m.to,
    phase: m.phase,
    status: m.status,
    reverse: m.reverseOf !== undefined,
    copiedRows: Object.values(st.copied ?? {}).reduce((a, b) => a + b, 0),
    error: m.error ?? null,
    startedAt: m.startedAt,
    updatedAt: m.updatedAt,
  };
}

/** Staff (support included): the latest moves of every tenant, newest first, for the console's Deployments page. */
export const recent = staffQuery({
  args: {},
  handler: async (ctx) => {
    // Moves are rare (an operator starts each one): the newest 50 is the whole useful history for a page.
    const moves = await ctx.db.query("tenantMoves").order("desc").take(50);
    return moves.map(moveRow);
  },
});
