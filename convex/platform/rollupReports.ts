/**
 * Platform figures across deployments (issue 20): each placement reports its tenants'
 * rollups to the control plane, so the admin directory, overview and revenue stay exact
 * wherever a tenant lives.
 *
 * - On a placement, every write transaction that changes a tenant's counters or usage rollups
 *   bumps that tenant's sequence number in `rollupOutbox` (convex/lib/rollupLedger.ts).
 * - `collect` (on the placement, system secret) answers the changed tenants' figures as they
 *   are now, each with its seq, read in one snapshot: the counters row and the changed days'
 *   totals; and for tenants the control plane asks about, every day page by page.
 * - `fold` (on the control plane) applies a report only if the tenant is placed on the
 *   reporting deployment and the seq is not older than the last one folded for it: a report
 *   is absolute (figures, never deltas), so a duplicate changes nothing and a stale one is
 *   dropped. The sums move by (reported - counted) per day, the directory row by its counters.
 * - `pull` (the control plane's cron, every 10 s) is the carrier: it calls `collect` on every
 *   ready deployment in the registry with the system secret, folds, and acknowledges the seqs
 *   it folded or dropped in its next call. A placement needs no configuration: the control
 *   plane has the registry's URLs and the secret every deployment shares.
 */
import { v, type Infer } from "convex/values";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import { internalAction, internalMutation, internalQuery, staffQuery, systemMutation } from "../lib/functions";
import { appError } from "../lib/errors";
import { counterFields, syncCounterFields, addToDay } from "../lib/platformStats";
import {
  figuresAreLocal,
  figuresOf,
  homeOf,
  minus,
  plus,
  rollupDay,
  rollupSum,
  stateOf,
  zeroFigures,
  type DayFigures,
} from "../lib/rollupLedger";
import { dayFigures } from "../lib/schema/rollups";
import { MAIN_SHARD } from "../../lib/domain/placement";
import { internal } from "../_generated/api";
import type { DataModel, Doc, Id } from "../_generated/dataModel";

type Reader = GenericDatabaseReader<DataModel>;
type Writer = GenericDatabaseWriter<DataModel>;

/** Rollup rows one collect reads at most (under 1 KiB each: far inside a transaction's 16 MiB and 32,000 documents). */
const ROLLUP_ROWS_PER_COLLECT = 4_000;
/** Rollup rows per page of a full report. */
const FULL_PAGE = 1_000;
/** Tenants per collect, and collects per deployment per pull (then the next pull goes on). */
const REPORTS_PER_COLLECT = 50;
const ROUNDS_PER_PULL = 20;
/** Full-report requests per deployment per call. */
const FULL_PER_CALL = 10;

const counterFieldsValidator = v.object({
  agents: v.number(),
  storageBytes: v.number(),
  month: v.string(),
  monthTokens: v.number(),
  monthCostMicros: v.number(),
  lastActiveDay: v.string(),
});
const reportValidator = v.object({
  slug: v.string(),
  /** The tenant's id on the reporting deployment (ids differ between deployments). */
  localId: v.string(),
  seq: v.number(),
  counters: counterFieldsValidator,
  members: v.number(),
  days: v.array(v.object({ day: v.string(), figures: dayFigures })),
  /** More days changed than the outbox lists: the control plane asks for all of them. */
  overflow: v.boolean(),
  /** A page of a full report: the days after `after`; `next` continues it (null: the last page). */
  page: v.union(v.null(), v.object({ after: v.union(v.string(), v.null()), next: v.union(v.string(), v.null()) })),
});
type Report = Infer<typeof reportValidator>;
type FullRequest = { slug: string; after: string | null };

async function tenantBySlug(db: Reader, slug: string) {
  return await db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique();
}

async function reportOf(db: Reader, tenant: Doc<"tenants">, seq: number, days: { day: string; figures: DayFigures }[]) {
  const counters = await db
    .query("tenantCounters")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenant._id))
    .unique();
  const fields = counterFields(counters);
  return {
    slug: tenant.slug,
    localId: tenant._id as string,
    seq,
    counters: { ...fields, lastActiveDay: fields.lastActiveDay ?? "" },
    members: counters?.members ?? 0,
    days,
    overflow: false,
    page: null,
  } satisfies Report;
}

/**
 * Up to `size` rollup rows of a tenant's days after `after`, summed per day; only whole days
 * (a day cut by the limit is left to the next page, unless it is the page's only day: then it
 * is read whole). `next`: the last day reported, or null when no day is left.
 */
async function dayPage(db: Reader, tenantId: Id<"tenants">, after: string | null, size: number) {
  const rows = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => (after === null ? q.eq("tenantId", tenantId) : q.eq("tenantId", tenantId).gt("day", after)))
    .take(size + 1);
  const more = rows.length > size;
  const cut = more ? rows[size].day : null;
  const sums = new Map<string, DayFigures>();
  for (const r of rows) if (r.day !== cut) sums.set(r.day, plus(sums.get(r.day) ?? zeroFigures(), figuresOf(r)));
  if (cut !== null && sums.size === 0) sums.set(cut, await rollupSum(db, tenantId, cut));
  const days = [...sums].map(([day, figures]) => ({ day, figures }));
  return { days, read: rows.length, next: more ? days[days.length - 1].day : null };
}

// ---- on a placement ----

/**
 * The reports of this deployment's changed tenants (up to `limit`), and pages of full reports
 * for the tenants in `full`, after recording `ack` (the seqs the control plane folded or
 * dropped). The first call makes this deployment a reporter: from then on its writes mark
 * their tenants (a control plane asks for a full report of every tenant placed here, so
 * nothing written before is missed).
 */
export const collect = systemMutation({
  args: {
    deployment: v.string(),
    ack: v.array(v.object({ localId: v.string(), seq: v.number() })),
    full: v.array(v.object({ slug: v.string(), after: v.union(v.string(), v.null()) })),
    limit: v.number(),
  },
  handler: async (ctx, { deployment, ack, full, limit }) => {
    // main is the control plane, which reports to nobody (pull never asks it): a reporter row
    // here would make it a placement in the eyes of every rule that asks (changeSlug).
    if (deployment === MAIN_SHARD)
      throw appError("INVALID", "The main deployment is the control plane; it reports to nobody.", "deployment");
    const now = Date.now();
    const reporter = await ctx.db.query("rollupReporter").first();
    if (!reporter) await ctx.db.insert("rollupReporter", { name: deployment, since: now });
    else if (reporter.name !== deployment)
      throw appError(
        "CONFLICT",
        `This deployment reports as "${reporter.name}", not "${deployment}": two registry rows name one deployment.`,
      );

    for (const a of ack.slice(0, 500)) {
      const tenantId = ctx.db.normalizeId("tenants", a.localId);
      if (!tenantId) continue;
      const row = await outboxOf(ctx.db, tenantId);
      if (!row || a.seq <= row.reportedSeq) continue;
      // Still pending if the tenant changed after the acknowledged report was read.
      const caughtUp = row.seq <= a.seq;
      await ctx.db.patch(row._id, { reportedSeq: a.seq, ...(caughtUp ? { pending: false, days: [], overflow: false } : {}) });
    }

    let budget = ROLLUP_ROWS_PER_COLLECT;
    const reports: Report[] = [];
    const max = Math.min(Math.max(0, limit), REPORTS_PER_COLLECT);
    // Changed tenants first: a page read in the same snapshot never hides a newer change.
    const pending =
      max > 0
        ? await ctx.db
            .query("rollupOutbox")
            .withIndex("by_pending", (q) => q.eq("pending", true))
            .take(max)
        : [];
    for (const o of pending) {
      if (budget <= 0) break;
      const tenant = await ctx.db.get(o.tenantId);
      if (!tenant) {
        // Nothing left to report (the tenant's row is gone here); its figures are the control plane's to keep.
        await ctx.db.patch(o._id, { pending: false, reportedSeq: o.seq, days: [], overflow: false });
        continue;
      }
      const days = [];
      for (const day of o.days) days.push({ day, figures: await rollupSum(ctx.db, o.tenantId, day) });
      budget -= o.days.length * 20;
      reports.push({ ...(await reportOf(ctx.db, tenant, o.seq, days)), overflow: o.overflow });
    }
    for (const f of full.slice(0, FULL_PER_CALL)) {
      if (budget <= 0 || max === 0) break;
      const tenant = await tenantBySlug(ctx.db, f.slug);
      if (!tenant) continue;
      const page = await dayPage(ctx.db, tenant._id, f.after, Math.min(FULL_PAGE, budget));
      budget -= page.read;
      const seq = (await outboxOf(ctx.db, tenant._id))?.seq ?? 0;
      reports.push({ ...(await reportOf(ctx.db, tenant, seq, page.days)), page: { after: f.after, next: page.next } });
    }

    const waiting = await ctx.db
      .query("rollupOutbox")
      .withIndex("by_pending", (q) => q.eq("pending", true))
      .take(1_001);
    return {
      at: now,
      reports,
      pending: waiting.length,
      pendingCapped: waiting.length > 1_000,
      oldestPendingAt: waiting[0]?.changedAt ?? null,
    };
  },
});

async function outboxOf(db: Reader, tenantId: Id<"tenants">) {
  return await db
    .query("rollupOutbox")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
    .unique();
}

// ---- on the control plane ----

type Verdict = "applied" | "stale" | "elsewhere" | "unknown";

/** Folds one report; see the module comment for the rules. */
export async function foldReport(db: Writer, deployment: string, r: Report, now = Date.now()): Promise<Verdict> {
  const tenant = await tenantBySlug(db, r.slug);
  if (!tenant) return "unknown";
  // Only the deployment the registry names speaks for a tenant: a move's target before the switch
  // (a partial copy) and its source after it (frozen) are not heard.
  if (homeOf(tenant) !== deployment || deployment === MAIN_SHARD) return "elsewhere";
  const state = await stateOf(db, tenant._id);
  const sameSource = state?.deployment === deployment;
  if (sameSource && r.seq < state.seq) return "stale";

  await syncCounterFields(db, tenant._id, r.counters);
  for (const { day, figures } of r.days) {
    const saved = await rollupDay(db, tenant._id, day);
    // Never reported from here: the sums still count the control plane's own row as the tenant left it.
    const counted = saved ? saved.figures : await rollupSum(db, tenant._id, day);
    await addToDay(db, day, tenant._id, minus(figures, counted));
    if (saved) await db.patch(saved._id, { figures });
    else await db.insert("rollupDays", { tenantId: tenant._id, day, figures });
  }

  const seq = sameSource ? Math.max(state.seq, r.seq) : r.seq;
  let full = state?.full ?? false;
  let fullAfter = state?.fullAfter ?? null;
  if (r.page && full && r.page.after === fullAfter) {
    full = r.page.next !== null;
    fullAfter = r.page.next;
  }
  if (r.overflow) {
    full = true;
    fullAfter = null;
  }
  const next = { deployment, seq, full, fullAfter, appliedAt: now, members: r.members };
  if (state) await db.patch(state._id, next);
  else await db.insert("rollupTenants", { tenantId: tenant._id, settle: false, ...next });
  return "applied";
}

async function fullRequests(db: Reader, deployment: string): Promise<FullRequest[]> {
  const states = await db
    .query("rollupTenants")
    .withIndex("by_deployment_full", (q) => q.eq("deployment", deployment).eq("full", true))
    .take(FULL_PER_CALL);
  const out: FullRequest[] = [];
  for (const s of states) {
    const t = await db.get(s.tenantId);
    if (t) out.push({ slug: t.slug, after: s.fullAfter });
  }
  return out;
}

export const fold = internalMutation({
  args: { deployment: v.string(), reports: v.array(reportValidator) },
  handler: async (ctx, { deployment, reports }) => {
    const acks: { localId: string; seq: number }[] = [];
    const verdicts: Verdict[] = [];
    for (const r of reports) {
      const verdict = await foldReport(ctx.db, deployment, r);
      verdicts.push(verdict);
      // A page answers a request of ours, not an outbox entry: nothing to acknowledge. An unknown
      // tenant is not acknowledged either: the placement keeps sending it (and the console shows
      // it pending) until the control plane knows the tenant, rather than its figures being dropped.
      if (!r.page && verdict !== "unknown") acks.push({ localId: r.localId, seq: r.seq });
    }
    return { acks, verdicts, full: await fullRequests(ctx.db, deployment) };
  },
});

/** Tenants back on the control plane: their reported days replaced by the local rows, a batch at a time. */
export const settle = internalMutation({
  args: {},
  handler: async (ctx) => {
    const states = await ctx.db
      .query("rollupTenants")
      .withIndex("by_settle", (q) => q.eq("settle", true))
      .take(5);
    for (const s of states) {
      const tenant = await ctx.db.get(s.tenantId);
      if (!tenant || !figuresAreLocal(tenant)) {
        // Gone, or placed elsewhere again: the reported rows left are what the sums count.
        await ctx.db.patch(s._id, { settle: false });
        continue;
      }
      const rows = await ctx.db
        .query("rollupDays")
        .withIndex("by_tenant_day", (q) => q.eq("tenantId", s.tenantId))
        .take(200);
      for (const saved of rows) {
        await addToDay(ctx.db, saved.day, s.tenantId, minus(await rollupSum(ctx.db, s.tenantId, saved.day), saved.figures));
        await ctx.db.delete(saved._id);
      }
      if (rows.length < 200) await ctx.db.patch(s._id, { settle: false });
    }
    return { more: states.length === 5 };
  },
});

/** The deployments to pull from: every ready one in the registry but the control plane itself. */
export const targets = internalQuery({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db.query("deployments").withIndex("by_name").take(1_000);
    const out: Target[] = [];
    for (const d of rows) {
      if (d.status !== "ready" || d.name === MAIN_SHARD) continue;
      out.push({ name: d.name, url: d.url, full: await fullRequests(ctx.db, d.name) });
    }
    return out;
  },
});

export const recordPull = internalMutation({
  args: {
    deployment: v.string(),
    at: v.number(),
    ok: v.boolean(),
    error: v.union(v.string(), v.null()),
    asOf: v.union(v.number(), v.null()),
    pending: v.number(),
    applied: v.number(),
    dropped: v.number(),
  },
  handler: async (ctx, a) => {
    const row = await ctx.db
      .query("rollupPulls")
      .withIndex("by_deployment", (q) => q.eq("deployment", a.deployment))
      .unique();
    const next = {
      deployment: a.deployment,
      lastAttemptAt: a.at,
      lastOkAt: a.ok ? a.at : (row?.lastOkAt ?? null),
      asOf: a.ok ? a.asOf : (row?.asOf ?? null),
      pending: a.ok ? a.pending : (row?.pending ?? 0),
      applied: (row?.applied ?? 0) + a.applied,
      dropped: (row?.dropped ?? 0) + a.dropped,
      lastError: a.error,
    };
    if (row) await ctx.db.patch(row._id, next);
    else await ctx.db.insert("rollupPulls", next);
  },
});

type Target = { name: string; url: string; full: FullRequest[] };
type FoldResult = { acks: { localId: string; seq: number }[]; verdicts: Verdict[]; full: FullRequest[] };
type CollectAnswer = { at: number; reports: Report[]; pending: number; pendingCapped: boolean; oldestPendingAt: number | null };
const collectRef = makeFunctionReference<"mutation">("platform/rollupReports:collect");

/**
 * The carrier (cron, and tests): pulls every registered deployment's reports and folds them.
 * Each deployment is pulled in order (collect, fold, acknowledge with the next collect), so a
 * tenant's reports are folded in the order they were read; pulls overlapping anyway (a manual
 * run beside the cron) are safe, as the seqs drop whatever is older.
 */
export const pull = internalAction({
  args: {},
  handler: async (ctx): Promise<{ deployments: number }> => {
    for (let i = 0; i < 20; i++) {
      const settled: { more: boolean } = await ctx.runMutation(internal.platform.rollupReports.settle, {});
      if (!settled.more) break;
    }
    const secret = process.env.TENANTRY_SYSTEM_SECRET;
    if (!secret) return { deployments: 0 };
    const targets: Target[] = await ctx.runQuery(internal.platform.rollupReports.targets, {});
    await Promise.all(
      targets.map(async (t) => {
        const client = new ConvexHttpClient(t.url, { logger: false });
        const started = Date.now();
        let applied = 0;
        let dropped = 0;
        try {
          let ack: { localId: string; seq: number }[] = [];
          let full = t.full;
          let answer: CollectAnswer | null = null;
          for (let round = 0; round < ROUNDS_PER_PULL; round++) {
            answer = (await client.mutation(collectRef, {
              secret,
              deployment: t.name,
              ack,
              full,
              limit: REPORTS_PER_COLLECT,
            })) as CollectAnswer;
            ack = [];
            if (!answer.reports.length) break;
            const folded: FoldResult = await ctx.runMutation(internal.platform.rollupReports.fold, {
              deployment: t.name,
              reports: answer.reports,
            });
            ack = folded.acks;
            full = folded.full;
            for (const verdict of folded.verdicts)
              if (verdict === "applied") applied++;
              else dropped++;
          }
          if (ack.length)
            answer = (await client.mutation(collectRef, { secret, deployment: t.name, ack, full: [], limit: 0 })) as CollectAnswer;
          const a = answer!;
          const pending = a.pending + full.length;
          await ctx.runMutation(internal.platform.rollupReports.recordPull, {
            deployment: t.name,
            at: started,
            ok: true,
            error: null,
            // Everything changed before this time is in the figures.
            asOf: full.length ? null : a.pending ? a.oldestPendingAt : a.at,
            pending,
            applied,
            dropped,
          });
        } catch (e) {
          await ctx.runMutation(internal.platform.rollupReports.recordPull, {
            deployment: t.name,
            at: started,
            ok: false,
            error: (e instanceof Error ? e.message : String(e)).slice(0, 500),
            asOf: null,
            pending: 0,
            applied,
            dropped,
          });
        }
      }),
    );
    return { deployments: targets.length };
  },
});

/** The console's Deployments page: per deployment, when its reports last arrived and how far behind the figures are. */
export const status = staffQuery({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db.query("rollupPulls").withIndex("by_deployment").take(1_000);
    return rows.map((r) => ({
      deployment: r.deployment,
      lastAttemptAt: r.lastAttemptAt,
      lastOkAt: r.lastOkAt,
      asOf: r.asOf,
      pending: r.pending,
      applied: r.applied,
      dropped: r.dropped,
      lastError: r.lastError,
    }));
  },
});
