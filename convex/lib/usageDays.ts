/**
 * Per-tenant-day usage summaries (the `usageDays` table): a day's totals and
 * its breakdowns by model, agent and department in one row, so a report over
 * a period reads one row per day instead of one per day x model x agent x
 * department.
 *
 * A day's row is built from that day's rollups the first time the day is
 * written after this table existed (so days that already had rollups are
 * complete), and from then on moves with every batch of usage in the same
 * transaction as the rollups. `backfillDay` builds the rows of days that
 * nothing has written since.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter } from "convex/server";
import type { Infer } from "convex/values";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import type { usageTotals } from "../schema";
import { withMinutes } from "../../lib/domain/uptime";

export type Totals = Infer<typeof usageTotals>;
type Summary = Pick<Doc<"usageDays">, "total" | "models" | "agents" | "departments" | "keys" | "minutesActive" | "minutesFailed">;
/** What one rollup row or one event adds to a day; `apiKeyId` for calls reported through the runtime API. */
export type UsageKey = { model: string; agentId: Id<"agents">; departmentId: Id<"departments"> | null; apiKeyId?: Id<"apiKeys"> };
/** One day's share of a batch: what it adds to each breakdown, and (for events, not imported history) the minute it fell in. */
export type DayItem = { key: UsageKey; totals: Totals; minute?: number };

/** The key breakdown's key: which API key reported usage for which agent. */
export const keyPairKey = (agentId: string, apiKeyId: string) => `${agentId}:${apiKeyId}`;

export const zeroTotals = (): Totals => ({ calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 });

export function addTotals(into: Totals, r: Totals) {
  into.calls += r.calls;
  into.errors += r.errors;
  into.inputTokens += r.inputTokens;
  into.outputTokens += r.outputTokens;
  into.costMicros += r.costMicros;
}

/** The department breakdown's key: its id, or "none". */
export const departmentKey = (departmentId: Id<"departments"> | null) => departmentId ?? "none";

/**
 * At most this many agents (and departments) are itemized per day; any more
 * that day are summed under OTHER. It keeps a day's row far inside Convex's
 * 1,024 fields per object, and a 366-day report inside the 16 MiB a function
 * may read (about 20 KiB a day).
 */
export const MAX_ITEMIZED = 200;
export const OTHER = "other";

const emptySummary = (): Summary => ({ total: zeroTotals(), models: {}, agents: {}, departments: {} });

/** The entry for `key` in a breakdown, or the OTHER entry once MAX_ITEMIZED keys are taken. */
function entry(parts: Record<string, Totals>, key: string): Totals {
  // Own keys only, and defined as own properties: a key like "__proto__" or "constructor"
  // must find nothing and must not reach Object.prototype.
  if (!Object.hasOwn(parts, key) && Object.keys(parts).length >= MAX_ITEMIZED) key = OTHER;
  if (!Object.hasOwn(parts, key))
    Object.defineProperty(parts, key, { value: zeroTotals(), enumerable: true, writable: true, configurable: true });
  return parts[key];
}

function addToSummary(s: Summary, key: UsageKey, t: Totals) {
  addTotals(s.total, t);
  addTotals(entry(s.models, key.model), t);
  addTotals(entry(s.agents, key.agentId), t);
  addTotals(entry(s.departments, departmentKey(key.departmentId)), t);
  if (key.apiKeyId) addToKeys(s, key, t);
}

/** Marks the items' minutes: every one as active, those with a failed call as failed (uptime). */
function addMinutes(s: Summary, items: DayItem[]) {
  const timed = items.filter((i) => i.minute !== undefined);
  if (timed.length === 0) return;
  s.minutesActive = withMinutes(
    s.minutesActive,
    timed.map((i) => i.minute!),
  );
  const failed = timed.filter((i) => i.totals.errors > 0).map((i) => i.minute!);
  if (failed.length > 0 || s.minutesFailed) s.minutesFailed = withMinutes(s.minutesFailed, failed);
}

function addToKeys(s: Summary, key: UsageKey, t: Totals) {
  s.keys ??= {};
  addTotals(entry(s.keys, keyPairKey(key.agentId, key.apiKeyId!)), t);
}

async function summaryFromRollups(db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, day: string): Promise<Summary> {
  const s = emptySummary();
  const rollups = await db
    .query("usageRollups")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).eq("day", day))
    .collect();
  for (const r of rollups) addToSummary(s, r, r);
  return s;
}

const dayRow = (db: GenericDatabaseReader<DataModel>, tenantId: Id<"tenants">, day: string) =>
  db
    .query("usageDays")
    .withIndex("by_tenant_day", (q) => q.eq("tenantId", tenantId).eq("day", day))
    .unique();

/**
 * Folds a batch's usage into each day's row. Call after the batch's rollups
 * are written: a day without a row yet gets one built from its rollups, which
 * then already include the batch.
 */
export async function recordUsageDays(db: GenericDatabaseWriter<DataModel>, tenantId: Id<"tenants">, byDay: Map<string, DayItem[]>) {
  for (const [day, items] of byDay) {
    const row = await dayRow(db, tenantId, day);
    if (!row) {
      // Rollups hold no API key: this batch's keys are added to the summary built from them.
      const built = await summaryFromRollups(db, tenantId, day);
      for (const { key, totals } of items) if (key.apiKeyId) addToKeys(built, key, totals);
      addMinutes(built, items);
      await db.insert("usageDays", { tenantId, day, ...built });
      continue;
    }
    const copy = (m: Record<string, Totals>) => Object.fromEntries(Object.entries(m).map(([k, t]) => [k, { ...t }]));
    const s: Summary = {
      total: { ...row.total },
      models: copy(row.models),
      agents: copy(row.agents),
      departments: copy(row.departments),
      ...(row.keys ? { keys: copy(row.keys) } : {}),
      ...(row.minutesActive ? { minutesActive: row.minutesActive } : {}),
      ...(row.minutesFailed ? { minutesFailed: row.minutesFailed } : {}),
    };
    for (const { key, totals } of items) addToSummary(s, key, totals);
    addMinutes(s, items);
    await db.patch(row._id, s);
  }
}

/** Builds the row of a day that has rollups but no row (data from before this table); false if it had one. */
export async function backfillDay(db: GenericDatabaseWriter<DataModel>, tenantId: Id<"tenants">, day: string): Promise<boolean> {
  if (await dayRow(db, tenantId, day)) return false;
  await db.insert("usageDays", { tenantId, day, ...(await summaryFromRollups(db, tenantId, day)) });
  return true;
}
