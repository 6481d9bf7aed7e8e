/**
 * The write side of moving a tenant (issue 20): every mutation's writer goes through
 * this wrapper (convex/lib/functions.ts), so whatever door a write comes through (tenant,
 * API key, system, staff, jobs, triggers) a tenant being moved has it
 *
 * - recorded in moveChangelog (table, id) while its flag says `logging`: the move's
 *   catch-up copies exactly the rows written since the copy began;
 * - refused with TENANT_MOVING while its flag says `frozen` (the switch, at most a few
 *   seconds): the whole transaction fails, nothing is half-written, the caller retries.
 *
 * When no move runs anywhere on this deployment the cost is one read per write
 * transaction (is tenantMoveFlags empty?). Reading it also puts the flags in the
 * transaction's read set, so a flag set while this transaction runs makes it conflict
 * and retry under the new flag: no write slips past the start of logging or the freeze.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import { appError } from "./errors";
import { TENANT_TABLES } from "./tables";

/**
 * What a move copies: the tenant-owned tables. The audit trail stays on the control plane for
 * now: the control plane writes it about the tenant (placement changes) during the freeze itself.
 */
export const MOVE_TABLES = TENANT_TABLES;
export type MoveTable = (typeof MOVE_TABLES)[number];
const MOVED = new Set<string>(MOVE_TABLES);

export const MOVING_RETRY_SECONDS = 1;

type Db = GenericDatabaseWriter<DataModel>;
type Flag = Doc<"tenantMoveFlags"> | null;

export function withMoveHook(db: Db): Db {
  let anyFlag: Promise<boolean> | null = null;
  const anyMove = () =>
    (anyFlag ??= db
      .query("tenantMoveFlags")
      .first()
      .then((r) => r !== null));
  const flags = new Map<string, Promise<Flag>>();
  const logged = new Set<string>();

  const flagOf = (tenantId: Id<"tenants">) => {
    let f = flags.get(tenantId);
    if (!f) {
      f = db
        .query("tenantMoveFlags")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
        .first();
      flags.set(tenantId, f);
    }
    return f;
  };
  const tableOf = (id: string): string | null => {
    for (const t of MOVED) if (db.normalizeId(t as TableNames, id)) return t;
    return null;
  };

  /** The flag to log under, or null; throws while the tenant's writes are frozen. */
  async function guard(table: string | null, tenantId: unknown): Promise<Flag> {
    if (!table || !MOVED.has(table) || typeof tenantId !== "string") return null;
    const flag = await flagOf(tenantId as Id<"tenants">);
    if (flag?.frozen)
      throw appError(
        "TENANT_MOVING",
        `This workspace is being moved to another deployment; writes resume within seconds. Retry in ${MOVING_RETRY_SECONDS} s.`,
      );
    return flag?.logging ? flag : null;
  }
  async function log(flag: Flag, table: string, id: string) {
    if (!flag || logged.has(id)) return;
    logged.add(id);
    await db.insert("moveChangelog", { tenantId: flag.tenantId, table, docId: id });
  }
  /** For writes by id: which moved table, which tenant, and the flag (null when nothing to do). */
  async function byId(tableArg: string | undefined, id: string): Promise<{ table: string; flag: Flag } | null> {
    if (!(await anyMove())) return null;
    const table = tableArg ?? tableOf(id);
    if (!table || !MOVED.has(table)) return null;
    const doc = (await db.get(id as Id<TableNames>)) as { tenantId?: unknown } | null;
    return { table, flag: await guard(table, doc?.tenantId) };
  }

  // Convex accepts (id, value) and (table, id, value); both forms pass straight through.
  type AnyFn = (...args: unknown[]) => Promise<unknown>;
  const split = (args: unknown[], n: number) =>
    args.length > n ? { table: args[0] as string, id: args[1] as string } : { table: undefined, id: args[0] as string };
  const write = (name: "patch" | "replace" | "delete", n: number) =>
    (async (...args: unknown[]) => {
      const { table, id } = split(args, n);
      const hit = await byId(table, id);
      const result = await (db[name] as AnyFn)(...args);
      if (hit) await log(hit.flag, hit.table, id);
      return result;
    }) as never;

  return {
    get: db.get.bind(db),
    query: db.query.bind(db),
    normalizeId: db.normalizeId.bind(db),
    system: db.system,
    vars: (db as { vars?: unknown }).vars,
    insert: (async (table: string, value: Record<string, unknown>) => {
      const flag = MOVED.has(table) && (await anyMove()) ? await guard(table, value.tenantId) : null;
      const id = await db.insert(table as TableNames, value as never);
      await log(flag, table, id);
      return id;
    }) as never,
    patch: write("patch", 2),
    replace: write("replace", 2),
    delete: write("delete", 1),
  } as unknown as Db;
}
