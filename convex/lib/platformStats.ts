/**
 * Platform aggregates for the admin console, maintained by the writes that
 * change them (triggers registered in functions.ts), never by scanning:
 * - `tenantDirectory`: one row per tenant with the all-tenants table's sort
 *   and filter keys, copied from `tenants` and `tenantCounters` (the last
 *   active day too, which recording usage keeps on the counters row);
 * - `platformCounters`: sums over tenants, sharded by tenant: `tenants` (counts
 *   by plan and status, MRR, agents, near-quota), `month:YYYY-MM` (cost, tokens
 *   and overage of the tenants whose counters are in that month: the current
 *   month is what the console reads; a tenant's roll-over moves it out of the
 *   old key) and `day:YYYY-MM-DD` (calls and cost per day: history, never
 *   reduced, not even by pruning or a hard delete).
 * Every sum is derived from a directory row by `contributions()`, and every
 * directory change adds (new - old) to the sums, so the two cannot drift apart.
 * Triggers run below row-level security (on the raw writer), so tenant code
 * never needs access to these platform tables.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { Triggers } from "convex-helpers/server/triggers";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { effectiveQuotas, OVERAGE, PLANS, quotaPercent } from "../../lib/domain/plans";
import { isReported, onCountersChange, onRollupChange, onTenantChange } from "./rollupLedger";

type Db = GenericDatabaseWriter<DataModel>;
export type DirectoryEntry = Omit<Doc<"tenantDirectory">, "_id" | "_creationTime">;
type Sums = Record<string, number>;

/** Shards per counter key: enough to spread concurrent writers, few enough to read all of them. */
export const SHARDS = 8;
/** Statuses that pay their plan's fee (MRR). */
export const BILLABLE_STATUSES = ["active", "past_due"] as const;
/** A tenant at or above this percent of any quota raises an alert. */
export const NEAR_QUOTA_PERCENT = 90;

export function shardOf(tenantId: string): number {
  let h = 0;
  for (let i = 0; i < tenantId.length; i++) h = (h * 31 + tenantId.charCodeAt(i)) | 0;
  return Math.abs(h) % SHARDS;
}

const isBillable = (status: string) => (BILLABLE_STATUSES as readonly string[]).includes(status);

/** What one directory row adds to each platform counter key. */
export function contributions(e: DirectoryEntry): Map<string, Sums> {
  const live = e.status !== "deleted";
  return new Map<string, Sums>([
    [
      "tenants",
      {
        [`n:${e.plan}:${e.status}`]: 1,
        [`portal/agents:${e.status}`]: e.agents,
        mrrCents: isBillable(e.status) ? PLANS[e.plan].priceCents : 0,
        nearQuota: live && e.quotaPercent >= NEAR_QUOTA_PERCENT ? 1 : 0,
      },
    ],
    [`month:${e.month}`, { costMicros: e.monthCostMicros, tokens: e.monthTokens, overageCents: isBillable(e.status) ? e.overageCents : 0 }],
  ]);
}

/**
 * Shard rows already read in this transaction: a usage batch touches the same
 * day's shard once per rollup row, and one read per row would eat into the
 * function's limits. Keyed by the writer object, which Convex creates afresh
 * for every function run (a retry included). Sound because only this module
 * writes platformCounters, and within one transaction through one writer: the
 * triggers' raw writer, or the platformStats migration's (jobs/migrations.ts).
 */
const shardCache = new WeakMap<Db, Map<string, { id: Id<"platformCounters">; values: Sums }>>();

/** Adds `delta` to one shard of `key` (creating it on first use). */
export async function addToCounter(db: Db, key: string, shard: number, delta: Sums) {
  const changes = Object.entries(delta).filter(([, n]) => n !== 0);
  if (changes.length === 0) return;
  let cache = shardCache.get(db);
  if (!cache) shardCache.set(db, (cache = new Map()));
  const cacheKey = `${key}#${shard}`;
  let row = cache.get(cacheKey);
  if (!row) {
    const doc = await db
      .query("platformCounters")
      .withIndex("by_key_shard", (q) => q.eq("key", key).eq("shard", shard))
      .unique();
    if (doc) row = { id: doc._id, values: doc.values };
  }
  const values = { ...(row?.values ?? {}) };
  for (const [name, n] of changes) values[name] = (values[name] ?? 0) + n;
  if (row) await db.patch(row.id, { values });
  else row = { id: await db.insert("platformCounters", { key, shard, values }), values };
  cache.set(cacheKey, { id: row.id, values });
}

async function applyDelta(db: Db, tenantId: Id<"tenants">, before: DirectoryEntry | null, after: DirectoryEntry | null) {
  const deltas = new Map<string, Sums>();
  const add = (e: DirectoryEntry | null, sign: 1 | -1) => {
    if (!e) return;
    for (const [key, sums] of contributions(e)) {
      const d = deltas.get(key) ?? {};
      for (const [name, n] of Object.entries(sums)) d[name] = (d[name] ?? 0) + sign * n;
      deltas.set(key, d);
    }
  };
  add(after, 1);
  add(before, -1);
  for (const [key, delta] of deltas) await addToCounter(db, key, shardOf(tenantId), delta);
}

/** Recomputes the derived fields (quota percent, overage) from the others. */
export function derive(e: DirectoryEntry): DirectoryEntry {
  const over = Math.max(0, e.monthTokens - PLANS[e.plan].includedTokens);
  return {
    ...e,
    quotaPercent: Math.max(
      quotaPercent(e.agents, e.limits.agents),
      quotaPercent(e.monthTokens, e.limits.monthlyTokens),
      quotaPercent(e.storageBytes, e.limits.storageBytes),
    ),
    overageCents: Math.floor((over * OVERAGE.tokenCentsPerMillion) / 1_000_000),
  };
}

export type CounterFields = Pick<DirectoryEntry, "agents" | "storageBytes" | "month" | "monthTokens" | "monthCostMicros" | "lastActiveDay">;
const COUNTER_FIELDS = ["agents", "storageBytes", "month", "monthTokens", "monthCostMicros", "lastActiveDay"] as const;
// lastActiveDay is always a string here ("" = never): the last-active indexes page by it, and keyset cursors cannot name a missing field.
export const counterFields = (c: Doc<"tenantCounters"> | null): CounterFields =>
  c
    ? {
        agents: c.agents,
        storageBytes: c.storageBytes,
        month: c.month,
        monthTokens: c.monthTokens,
        monthCostMicros: c.monthCostMicros,
        lastActiveDay: c.lastActiveDay ?? "",
      }
    : { agents: 0, storageBytes: 0, month: "", monthTokens: 0, monthCostMicros: 0, lastActiveDay: "" };

function entryOf(t: Doc<"tenants">, counters: CounterFields): DirectoryEntry {
  const q = effectiveQuotas(t.plan, t.quotaOverrides ?? undefined);
  return derive({
    tenantId: t._id,
    name: t.name,
    nameKey: t.name.toLowerCase(),
    slug: t.slug,
    plan: t.plan,
    status: t.status,
    createdAt: t.createdAt,
    ...counters,
    limits: { agents: q.agents, monthlyTokens: q.monthlyTokens, storageBytes: q.storageBytes },
    quotaPercent: 0,
    overageCents: 0,
  });
}

/** Key-order-independent equality (stored documents need not keep field order). */
const stable = (x: unknown): string =>
  x !== null && typeof x === "object"
    ? `{${Object.keys(x)
        .sort()
        .map((k) => `${k}:${stable((x as Record<string, unknown>)[k])}`)
        .join(",")}}`
    : JSON.stringify(x);
const same = (a: DirectoryEntry, b: DirectoryEntry) => stable(a) === stable(b);

async function directoryRow(db: Db, tenantId: Id<"tenants">) {
  return db
    .query("tenantDirectory")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
    .unique();
}

async function write(db: Db, row: Doc<"tenantDirectory"> | null, next: DirectoryEntry | null) {
  const { _id, _creationTime, ...before } = row ?? ({} as Doc<"tenantDirectory">);
  if (row && next && same(before as DirectoryEntry, next)) return;
  if (row && next) await db.replace(row._id, next);
  else if (row) await db.delete(row._id);
  else if (next) await db.insert("tenantDirectory", next);
  const tenantId = (next ?? row)?.tenantId;
  if (tenantId) await applyDelta(db, tenantId, row ? (before as DirectoryEntry) : null, next);
}

/** Brings a tenant's directory row (and the sums) in line with its registry row; null removes it. */
export async function syncTenant(db: Db, tenantId: Id<"tenants">, tenant: Doc<"tenants"> | null) {
  const row = await directoryRow(db, tenantId);
  if (!tenant) return write(db, row, null);
  const counters = row
    ? ({ ...Object.fromEntries(COUNTER_FIELDS.map((f) => [f, row[f]])), lastActiveDay: row.lastActiveDay ?? "" } as CounterFields)
    : counterFields(
        await db
          .query("tenantCounters")
          .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
          .unique(),
      );
  await write(db, row, entryOf(tenant, counters));
}

/** The same for a change of the tenant's counters row (null: the row was removed). */
export async function syncCounters(db: Db, tenantId: Id<"tenants">, counters: Doc<"tenantCounters"> | null) {
  await syncCounterFields(db, tenantId, counterFields(counters));
}

/** The same from counter figures: the local row's, or those another deployment reports (convex/platform/rollupReports.ts). */
export async function syncCounterFields(db: Db, tenantId: Id<"tenants">, fields: CounterFields) {
  const row = await directoryRow(db, tenantId);
  if (row) {
    const { _id, _creationTime, ...entry } = row;
    return write(db, row, derive({ ...entry, ...fields }));
  }
  const tenant = await db.get(tenantId);
  if (tenant) await write(db, null, entryOf(tenant, fields));
}

/** Calls, errors, tokens and cost per day, from the change in one rollup row. */
export async function syncRollup(db: Db, before: Doc<"usageRollups"> | null, after: Doc<"usageRollups"> | null) {
  // Deleting rollups (pruning, hard delete) does not rewrite platform history.
  if (!after) return;
  const d = (f: (r: Doc<"usageRollups">) => number) => f(after) - (before ? f(before) : 0);
  await addToCounter(db, `day:${after.day}`, shardOf(after.tenantId), {
    calls: d((r) => r.calls),
    errors: d((r) => r.errors),
    tokens: d((r) => r.inputTokens + r.outputTokens),
    costMicros: d((r) => r.costMicros),
  });
}

/** Adds a change of one tenant's day to the `day:` sums (reports and their settling, ./rollupLedger.ts). */
export async function addToDay(
  db: Db,
  day: string,
  tenantId: Id<"tenants">,
  delta: { calls: number; errors: number; tokens: number; costMicros: number },
) {
  await addToCounter(db, `day:${day}`, shardOf(tenantId), delta);
}

/**
 * Registers the triggers; writes go to the inner (raw) writer. A tenant placed on another
 * deployment has its figures from that deployment's reports, so its rows here (a move's copy
 * or frozen source) change no sum (./rollupLedger.ts).
 */
export function registerPlatformTriggers(triggers: Triggers<DataModel>) {
  triggers.register("tenants", async (ctx, change) => {
    await syncTenant(ctx.innerDb, change.id, change.newDoc);
    if (await onTenantChange(ctx.innerDb, change.oldDoc, change.newDoc)) {
      const local = await ctx.innerDb
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", change.id))
        .unique();
      await syncCounters(ctx.innerDb, change.id, local);
    }
  });
  triggers.register("tenantCounters", async (ctx, change) => {
    const tenantId = (change.newDoc ?? change.oldDoc).tenantId;
    await onCountersChange(ctx.innerDb, tenantId);
    if (!(await isReported(ctx.innerDb, tenantId))) await syncCounters(ctx.innerDb, tenantId, change.newDoc);
  });
  triggers.register("usageRollups", async (ctx, change) => {
    await onRollupChange(ctx.innerDb, change.oldDoc, change.newDoc, (day, tenantId, delta) => addToDay(ctx.innerDb, day, tenantId, delta));
    if (!(await isReported(ctx.innerDb, (change.newDoc ?? change.oldDoc).tenantId)))
      await syncRollup(ctx.innerDb, change.oldDoc, change.newDoc);
  });
}
