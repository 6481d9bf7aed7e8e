/**
 * The hostile suite's world: the isolation matrix's (tenant A with every role,
 * tenant B, staff, a stranger), with B also holding Stripe ids, plus what the
 * attacks need: B's ids of every table it has rows in, ids of deleted rows,
 * and a snapshot of every table (system tables included) to prove a refused
 * call wrote nothing.
 */
import type { ConvexLocalHandle } from "../../../lib/local/convex/index";
import { tableNumberOfId } from "../../../lib/local/convex/ids";
import schema from "../../../convex/schema";
import { matrixWorld } from "../../tenancy/support/matrix-world";
import { missingId, type Ctx } from "../../tenancy/support/world";
import type { Foreign } from "./values";

export const TABLES = Object.keys((schema as unknown as { tables: Record<string, unknown> }).tables).sort();
const SYSTEM_TABLES = ["_scheduled_functions", "_storage"];

export type Snapshot = Record<string, Record<string, unknown>[]>;

/** Every row of every table, in one read. */
export function snapshot(t: ConvexLocalHandle): Promise<Snapshot> {
  return t.query(async (ctx: Ctx) => {
    const out: Snapshot = {};
    for (const table of TABLES) out[table] = await ctx.db.query(table as never).collect();
    for (const table of SYSTEM_TABLES) out[table] = await ctx.db.system.query(table as never).collect();
    return out;
  });
}

/** Which tables differ between two snapshots, and how (rows added, removed, changed). */
export function diff(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const table of Object.keys({ ...before, ...after })) {
    const a = new Map((before[table] ?? []).map((r) => [r._id as string, JSON.stringify(r)]));
    const b = new Map((after[table] ?? []).map((r) => [r._id as string, JSON.stringify(r)]));
    const added = [...b.keys()].filter((id) => !a.has(id));
    const removed = [...a.keys()].filter((id) => !b.has(id));
    const changed = [...b.keys()].filter((id) => a.has(id) && a.get(id) !== b.get(id));
    if (added.length || removed.length || changed.length) {
      const sample = [...added.map((id) => b.get(id)), ...changed.map((id) => b.get(id))][0]?.slice(0, 300);
      out.push(`${table}: ${added.length} added, ${removed.length} removed, ${changed.length} changed${sample ? ` (e.g. ${sample})` : ""}`);
    }
  }
  return out;
}

export async function hostileWorld(t: ConvexLocalHandle) {
  const base = await matrixWorld(t);
  const { w } = base;
  // B as a paying customer: its Stripe ids are what a takeover would name.
  const externalIds = ["cus_hostile_bravo", "sub_hostile_bravo"];
  await w.patchTenant(w.B, { stripeCustomerId: externalIds[0], stripeSubscriptionId: externalIds[1] });
  await w.freshStripeEvent(w.B);
  const all = await snapshot(t);
  // B's rows of every table: rows filed under B, B's own row, and B's members' user rows.
  const bUsers = new Set(all.memberships.filter((m) => m.tenantId === w.B.id).map((m) => m.userId as string));
  const bIdsByTable = Object.fromEntries(
    Object.entries(all).flatMap(([table, rows]) => {
      const mine = rows.find((r) => r.tenantId === w.B.id || r._id === w.B.id || (table === "users" && bUsers.has(r._id as string)));
      return mine ? [[table, mine._id as string]] : [];
    }),
  );
  bIdsByTable._storage = base.storageId;
  const missing = [
    base.missing.agentId,
    base.missing.departmentId,
    base.missing.membershipId,
    base.missing.invitationId,
    base.missing.apiKeyId,
    // Not a tenant anyone uses (newTenant would leave its counters and membership behind):
    // a bare row inserted and deleted again, so its id is one no tenant has.
    await missingId(t, (ctx) =>
      ctx.db.insert("tenants", {
        name: "Gone",
        slug: "gone-tenant",
        plan: "pro",
        status: "active",
        statusSince: 0,
        billingEmail: "gone@example.test",
        deployment: { kind: "shared" },
        createdAt: 0,
        updatedAt: 0,
      }),
    ),
  ];
  const foreign: Foreign = {
    byTable: bIdsByTable,
    staff: false,
    slugs: [w.B.slug],
    externalIds,
    missingIds: missing,
    invitationTokens: [`${base.foreignIds.invitationId}.guess`, `${base.foreignIds.invitationId}.`],
  };
  // Table numbers seen on real ids, so a validator check here resolves ids (deleted ones too) as convex-local does.
  const tableByNumber = new Map<number, string>();
  for (const [table, rows] of Object.entries(all)) for (const r of rows) tableByNumber.set(tableNumberOfId(r._id as string)!, table);
  const tableOfId = (id: string) => {
    const n = tableNumberOfId(id);
    return n === null ? null : (tableByNumber.get(n) ?? null);
  };
  return { ...base, foreign, bIdsByTable, tableOfId };
}
