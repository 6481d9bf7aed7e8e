/**
 * `tenantry tenant usage SLUG --detailed`: a month's usage per day x agent x model,
 * read from the same per-day rollups the Usage page sums (usageRollups, written in
 * the same transaction as the usageDays summaries the page reads), a page at a
 * time in (day, model, agent) order. Rows of one key split by department arrive
 * next to each other; the caller adds them up.
 */
import { v } from "convex/values";
import { staffQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { paginateX } from "../lib/paging";
import type { Id } from "../_generated/dataModel";
import { tenantBySlugX } from "./bySlug";

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const DETAIL_PAGE = 2000;

/** First and last day (YYYY-MM-DD) of a YYYY-MM month, or INVALID naming `month`. */
export function monthRange(month: string): { from: string; to: string } {
  const m = MONTH.exec(month);
  if (!m) throw appError("INVALID", "Use a month as YYYY-MM (e.g. 2026-03).", "month");
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

export const detailed = staffQuery({
  args: { slug: v.string(), month: v.string(), cursor: v.union(v.string(), v.null()), numItems: v.number() },
  handler: async (ctx, { slug, month, cursor, numItems }) => {
    const tenantId = (await tenantBySlugX(ctx.db, slug))._id;
    const { from, to } = monthRange(month);
    const page = await paginateX(
      ctx.db.query("usageRollups").withIndex("by_tenant_key", (q) => q.eq("tenantId", tenantId).gte("day", from).lte("day", to)),
      { cursor, numItems },
      DETAIL_PAGE,
      "",
    );
    // A cursor is only good for the list it came from; one that lands elsewhere (another tenant's
    // rows, another index) is refused like any other bad cursor, not read as this tenant's usage.
    if (page.page.some((r) => r.tenantId !== tenantId || typeof r.day !== "string" || r.day < from || r.day > to))
      throw appError("INVALID", "This page link no longer matches the list; start again from the first page.", "cursor");
    const names = new Map<string, string>();
    for (const r of page.page)
      if (!names.has(r.agentId)) names.set(r.agentId, (await ctx.db.get(r.agentId as Id<"agents">))?.name ?? "Deleted agent");
    return {
      rows: page.page.map((r) => ({
        day: r.day,
        agentId: r.agentId,
        agent: names.get(r.agentId)!,
        model: r.model,
        calls: r.calls,
        errors: r.errors,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        costMicros: r.costMicros,
      })),
      cursor: page.continueCursor,
      isDone: page.isDone,
    };
  },
});
