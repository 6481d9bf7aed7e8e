/**
 * The write-side half of platform figures across deployments (issue 20; the reports
 * themselves are convex/platform/rollupReports.ts). Called from the platform triggers
 * (./platformStats.ts), so it runs in the transaction of every change to a tenant's
 * counters or usage rollups, whoever makes it.
 *
 * On a placement (a deployment the control plane has asked for reports, `rollupReporter`):
 * each such transaction bumps the tenant's `rollupOutbox` seq and notes the changed day.
 *
 * On the control plane: a tenant whose placement is another deployment has its figures from
 * that deployment's reports, never from its rows here (which are then a move's copy in, or
 * the frozen source a move leaves behind and retires). What the `day:` sums count for such a
 * tenant's day X is `rollupDays(X)` if the row exists, else the sum of its rollup rows here for
 * X as they were when the tenant left (frozen since: the first change to one of them saves the
 * counted value in `rollupDays`, below). Back on the control plane, each `rollupDays` row is
 * replaced by the local sum (settled) the first time that day changes or by the settle job,
 * whichever comes first. Days are rollup sums on both sides, because the `day:` sums are built
 * from rollups (usage day rows may be missing for history older than that table).
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { MAIN_SHARD, placementDeployment } from "../../lib/domain/placement";

type Db = GenericDatabaseWriter<DataModel>;
export type DayFigures = { calls: number; errors: number; tokens: number; costMicros: number };

/** Days listed per outbox row; past it the control plane is asked for every day (a history import). */
export const MAX_OUTBOX_DAYS = 60;

export const zeroFigures = (): DayFigures => ({ calls: 0, errors: 0, tokens: 0, costMicros: 0 });
/** What one rollup row adds to its day's sums (the `day:` keys are built from rollups: platformStats.syncRollup). */
export const figuresOf = (r: Doc<"usageRollups"> | null): DayFigures =>
  r ? { calls: r.calls, errors: r.errors, tokens: r.inputTokens + r.outputTokens, costMicros: r.costMicros } : zeroFigures();
export const plus = (a: DayFigures, b: DayFigures): DayFigures => ({
  calls: a.calls + b.calls,
  errors: a.errors + b.errors,
  tokens: a.tokens + b.tokens,
  costMicros: a.costMicros + b.costMicros,
});
export const minus = (a: DayFigures, b: DayFigures): DayFigures => ({
  calls: a.calls - b.calls,
  errors: a.errors - b.errors,
  tokens: a.tokens - b.tokens,
  costMicros: a.costMicros - b.costMicros,
});

/** The deployment a tenant's data lives on (a row not yet migrated: main). */
export const homeOf = (t: Doc<"tenants">): string => (t.placement ? placementDeployment(t.placement) : MAIN_SHARD);
/** Whether this deployment counts the tenant's figures from its own rows. On a placement, a tenant's copied row always names main. */
export const figuresAreLocal = (t: Doc<"tenants"> | null): boolean => t === null || homeOf(t) === MAIN_SHARD;
/** Never placed anywhere else: no `rollupDays` rows can exist (placement versions start at 1 and each flip adds one). */
const neverLeft = (t: Doc<"tenants"> | null) => t === null || (figuresAreLocal(t) && (t.placementVersion ?? 0) <= 1);

type OutboxState = { id: Id<"rollupOutbox">; row: Omit<Doc<"rollupOutbox">, "_id" | "_creationTime">; bumped: boolean };
type TxCache = {
  reporter?: Promise<boolean>;
  tenants: Map<string, Promise<Doc<"tenants"> | null>>;
  outbox: Map<string, OutboxState | null>;
};
/** Per transaction (the writer object is new for every function run, a retry included), as platformStats' shard cache. */
const caches = new WeakMap<Db, TxCache>();
function cacheOf(db: Db): TxCache {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { tenants: new Map(), outbox: new Map() }));
  return c;
}

export function tenantOf(db: Db, tenantId: Id<"tenants">): Promise<Doc<"tenants"> | null> {
  const c = cacheOf(db);
  let t = c.tenants.get(tenantId);
  if (!t) c.tenants.set(tenantId, (t = db.get(tenantId)));
  return t;
}

/** Whether the tenant's figures here come from another deployment's reports. */
export async function isReported(db: Db, tenantId: Id<"tenants">): Promise<boolean> {
  return !figuresAreLocal(await tenantOf(db, tenantId));
}

/** On a reporting placement: notes that the tenant's rollups changed in this transaction (and which day). */
async function markChanged(db: Db, tenantId: Id<"tenants">, day: string | null) {
  const c = cacheOf(db);
  c.reporter ??= db
    .query("rollupReporter")
    .first()
    .then((r) => r !== null);
  if (!(await c.reporter)) return;
  let o = c.outbox.get(tenantId);
  if (o === undefined) {
    const row = await db
      .query("rollupOutbox")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .unique();
    o = row ? { id: row._id, row: { ...row }, bumped: false } : null;
    c.outbox.set(tenantId, o);
  }
  const now = Date.now();
  if (!o) {
    const row = { tenantId, seq: 1, reportedSeq: 0, pending: true, changedAt: now, days: day ? [day] : [], overflow: false };
    c.outbox.set(tenantId, { id: await db.insert("rollupOutbox", row), row, bumped: true });
    return;
  }
  const listed = !day || o.row.overflow || o.row.days.includes(day);
  if (o.bumped && listed) return;
  const days = listed ? o.row.days : [...o.row.days, day];
  const overflow = o.row.overflow || days.length > MAX_OUTBOX_DAYS;
  const row = {
    ...o.row,
    // One step per transaction: the seq names a state of the tenant's figures.
    seq: o.bumped ? o.row.seq : o.row.seq + 1,
    pending: true,
    changedAt: o.row.pending ? o.row.changedAt : now,
    days: overflow ? [] : days,
    overflow,
  };
  await db.patch(o.id, { seq: row.seq, pending: true, changedAt: row.changedAt, days: row.days, overflow });
  c.outbox.set(tenantId, { id: o.id, row, bumped: true });
}

export async function rollupDay(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, day: string) {
  return await db
    .query("rollupDays")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).eq("day", day))
    .unique();
}

/** A tenant's day on this deployment: the sum of its rollup rows (a few dozen: one per agent and model). */
export async function rollupSum(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, day: string): Promise<DayFigures> {
  const rows = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).eq("day", day))
    .collect();
  return rows.reduce((sum, r) => plus(sum, figuresOf(r)), zeroFigures());
}

export async function stateOf(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">) {
  return await db
    .query("rollupTenants")
    .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
    .unique();
}

type AddToDay = (day: string, tenantId: Id<"tenants">, delta: DayFigures) => Promise<void>;

/** A tenant's counters row changed (trigger). */
export async function onCountersChange(db: Db, tenantId: Id<"tenants">) {
  await markChanged(db, tenantId, null);
}

/**
 * A tenant's rollup row changed (trigger), before platformStats adds it to the sums. The
 * day's value before this change is the day's sum now minus the change (the trigger runs
 * right after the write): what the sums counted for it if the tenant left this deployment.
 */
export async function onRollupChange(db: Db, before: Doc<"usageRollups"> | null, after: Doc<"usageRollups"> | null, addToDay: AddToDay) {
  const { tenantId, day } = (after ?? before)!;
  await markChanged(db, tenantId, day);
  const tenant = await tenantOf(db, tenantId);
  if (neverLeft(tenant)) return;
  const saved = await rollupDay(db, tenantId, day);
  if (!figuresAreLocal(tenant) && saved) return;
  if (!figuresAreLocal(tenant) && !saved) {
    // Copy-on-write: the day's rows here stop being what the sums count; keep that value.
    const counted = minus(await rollupSum(db, tenantId, day), minus(figuresOf(after), figuresOf(before)));
    await db.insert("rollupDays", { tenantId, day, figures: counted });
    return;
  }
  if (saved) {
    // Back here: the sums counted the reported value; from now on they follow the local rows.
    const local = minus(await rollupSum(db, tenantId, day), minus(figuresOf(after), figuresOf(before)));
    await addToDay(day, tenantId, minus(local, saved.figures));
    await db.delete(saved._id);
  }
}

/**
 * The tenant's row changed (trigger). A placement change on the control plane hands its figures
 * to the new deployment: it must report every day again (`full`). Back on the control plane,
 * the reported days are settled against the local rows (`settle`). Returns true when the
 * tenant came back, so the caller takes the directory's counters from the local row.
 */
export async function onTenantChange(db: Db, before: Doc<"tenants"> | null, after: Doc<"tenants"> | null): Promise<boolean> {
  if (after) cacheOf(db).tenants.set(after._id, Promise.resolve(after));
  if (!before || !after || homeOf(before) === homeOf(after)) return false;
  const home = homeOf(after);
  const local = home === MAIN_SHARD;
  const next = { deployment: home, seq: -1, full: !local, fullAfter: null, settle: local, appliedAt: null };
  const state = await stateOf(db, after._id);
  if (state) await db.patch(state._id, next);
  else await db.insert("rollupTenants", { tenantId: after._id, ...next });
  return local;
}
