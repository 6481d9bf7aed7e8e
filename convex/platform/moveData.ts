/**
 * The per-deployment half of moving a tenant (issue 20): what the move runner
 * (lib/server/scaling/move/) calls on the source and on the target, with the system
 * secret. Every write here is idempotent, so a runner that dies between two calls
 * simply makes the last one again:
 *
 * - source: pages of raw rows by the tenant's own index (`page`), rows by id (`docs`),
 *   the change log (`changes`, `ack`), the flags (`setFlag`, `clearFlag`: logging,
 *   write freeze), and retiring the rows once the move is complete (`retire`);
 * - target: the tenant's row (`initTarget`), batches of rows with their ids remapped
 *   through moveIdMap (`apply`), users matched by externalId;
 * - both: per-table digests for the verify phase (`digest`): count and an
 *   order-independent hash of each row's content with ids expressed as source ids.
 */
import { v } from "convex/values";
import type { GenericDatabaseReader, GenericTableInfo, QueryInitializer } from "convex/server";
import { systemMutation, systemQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { MOVE_TABLES, type MoveTable } from "../lib/moveHook";
import schema from "../schema";
import type { DataModel, Doc, Id, TableNames } from "../_generated/dataModel";
import { bulkPlan, canonical, hash2, idsIn, mapIds } from "./moveIds";
import { bulkPageFields } from "../lib/schema/moves";

type Reader = GenericDatabaseReader<DataModel>;
type Row = { table: string; sourceId: string; doc: Record<string, unknown> | null };

/**
 * Rows per call at most. A batch of this many rows stays inside a transaction's limits
 * for the moved tables (apply reads one id-map entry per distinct id: 4,096 queries at
 * most, and writes two documents a row: 16,000); the runner halves a batch that a
 * deployment refuses as too large anyway.
 */
export const MOVE_PAGE = 2000;

/** A cursor from another list (or none of ours) is the caller's mistake, answered as such. */
async function pageX<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof Error && /cursor/i.test(e.message)) throw appError("INVALID", "This cursor does not belong to this list.", "cursor");
    throw e;
  }
}

function tableX(table: string): MoveTable {
  if (!(MOVE_TABLES as readonly string[]).includes(table)) throw appError("INVALID", `"${table}" is not a moved table.`, "table");
  return table as MoveTable;
}
function tenantIndex(table: MoveTable): string {
  const index = schema.tables[table][" indexes"]().find((i) => i.fields[0] === "tenantId");
  if (!index) throw new Error(`${table} has no index starting with tenantId`);
  return index.indexDescriptor;
}
function anyTable(db: Reader, table: MoveTable) {
  return db.query(table) as unknown as QueryInitializer<GenericTableInfo>;
}
function tenantRows(db: Reader, table: MoveTable, tenantId: string) {
  return anyTable(db, table).withIndex(tenantIndex(table), (q) => q.eq("tenantId", tenantId));
}

/** The users the rows refer to, so the target can find (or add) the same people by externalId. */
async function usersOf(db: Reader, rows: Row[]) {
  const ids = new Set<string>();
  for (const r of rows) if (r.doc) for (const ref of idsIn(r.table as MoveTable, r.doc)) if (ref.table === "users") ids.add(ref.id);
  const users = [];
  for (const id of ids) {
    const u = await db.get(id as Id<"users">);
    if (u)
      users.push({
        sourceId: u._id as string,
        externalId: u.externalId,
        email: u.email,
        name: u.name,
        platformRole: u.platformRole,
        createdAt: u.createdAt,
      });
  }
  return users;
}

// ---- source ----

export const page = systemQuery({
  args: {
    tenantId: v.id("tenants"),
    table: v.string(),
    cursor: v.union(v.string(), v.null()),
    numItems: v.number(),
    /** A page read before, again: exactly the rows up to this cursor (a resumed bulk page; numItems then does not apply). */
    endCursor: v.optional(v.string()),
  },
  handler: async (ctx, { tenantId, table, cursor, numItems, endCursor }) => {
    const t = tableX(table);
    const result = await pageX(() =>
      tenantRows(ctx.db, t, tenantId).paginate({
        cursor,
        numItems: Math.min(Math.max(1, numItems), MOVE_PAGE),
        ...(endCursor !== undefined ? { endCursor } : {}),
      }),
    );
    const rows: Row[] = result.page.map((doc) => ({ table, sourceId: doc._id as string, doc }));
    return { rows, users: await usersOf(ctx.db, rows), cursor: result.continueCursor, isDone: result.isDone };
  },
});

/** Rows by id (those a target batch was missing); null for a row that no longer exists or is not this tenant's. */
export const docs = systemQuery({
  args: { tenantId: v.id("tenants"), refs: v.array(v.object({ table: v.string(), id: v.string() })) },
  handler: async (ctx, { tenantId, refs }) => {
    const rows: Row[] = [];
    for (const ref of refs.slice(0, MOVE_PAGE)) {
      const t = tableX(ref.table);
      const id = ctx.db.normalizeId(t, ref.id);
      const doc = id ? ((await ctx.db.get(id)) as Record<string, unknown> | null) : null;
      rows.push({ table: t, sourceId: ref.id, doc: doc && doc.tenantId === tenantId ? doc : null });
    }
    return { rows, users: await usersOf(ctx.db, rows) };
  },
});

/**
 * The oldest entries of the change log and each changed row as it is now (null: deleted),
 * read in one snapshot: a write after it adds a new entry, so acknowledging exactly these
 * entries (`ack`) can never drop a change.
 */
export const changes = systemQuery({
  args: { tenantId: v.id("tenants"), limit: v.number() },
  handler: async (ctx, { tenantId, limit }) => {
    const entries = await ctx.db
      .query("moveChangelog")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .take(Math.min(Math.max(1, limit), MOVE_PAGE));
    const seen = new Map<string, Row>();
    for (const e of entries) {
      if (seen.has(e.docId)) continue;
      const t = tableX(e.table);
      const id = ctx.db.normalizeId(t, e.docId);
      const doc = id ? ((await ctx.db.get(id)) as Record<string, unknown> | null) : null;
      seen.set(e.docId, { table: t, sourceId: e.docId, doc });
    }
    const rows = [...seen.values()];
    return { entries: entries.map((e) => e._id as string), rows, users: await usersOf(ctx.db, rows) };
  },
});

/**
 * How many changes wait (up to `cap`), and which rows (`refs`, with their tables): the verify
 * phase leaves those out. Only the change log is read, never the rows themselves: 10,000 changed
 * embeddings (~12 KB each) would be far past a query's 16 MiB. Which of them may sit in a bulk
 * batch on the target the runner asks `older`, a page at a time.
 */
export const pending = systemQuery({
  args: { tenantId: v.id("tenants"), cap: v.number() },
  handler: async (ctx, { tenantId, cap }) => {
    const entries = await ctx.db
      .query("moveChangelog")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .take(Math.min(cap, 10_000) + 1);
    const tableOf = new Map(entries.map((e) => [e.docId, e.table]));
    const ids = [...tableOf.keys()];
    return { count: entries.length, capped: entries.length > cap, ids, refs: ids.map((id) => ({ table: tableOf.get(id) as string, id })) };
  },
});

/**
 * Which of these rows (up to MOVE_PAGE; the runner halves a call that reads too much) may sit
 * in a bulk batch on the target: deleted (or not this tenant's), or created before `since`.
 */
export const older = systemQuery({
  args: { tenantId: v.id("tenants"), since: v.number(), refs: v.array(v.object({ table: v.string(), id: v.string() })) },
  handler: async (ctx, { tenantId, since, refs }) => {
    const batch = refs.slice(0, MOVE_PAGE);
    const docs = await Promise.all(
      batch.map(async (r) => {
        const id = ctx.db.normalizeId(tableX(r.table), r.id);
        return id ? ((await ctx.db.get(id)) as Record<string, unknown> | null) : null;
      }),
    );
    return batch.filter((_, i) => {
      const doc = docs[i];
      return doc === null || doc.tenantId !== tenantId || (doc._creationTime as number) < since;
    });
  },
});

export const ack = systemMutation({
  moveHook: false,
  args: { ids: v.array(v.string()) },
  handler: async (ctx, { ids }) => {
    for (const raw of ids.slice(0, MOVE_PAGE)) {
      const id = ctx.db.normalizeId("moveChangelog", raw);
      if (id && (await ctx.db.get(id))) await ctx.db.delete(id);
    }
  },
});

/** Starts logging, freezes or thaws a tenant's writes on this deployment (convex/lib/moveHook.ts reads the flag). */
export const setFlag = systemMutation({
  moveHook: false,
  args: { tenantId: v.id("tenants"), moveId: v.string(), logging: v.boolean(), frozen: v.boolean() },
  handler: async (ctx, { tenantId, moveId, logging, frozen }) => {
    const flag = await ctx.db
      .query("tenantMoveFlags")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .first();
    const now = Date.now();
    if (flag) await ctx.db.patch(flag._id, { moveId, logging, frozen, updatedAt: now });
    else await ctx.db.insert("tenantMoveFlags", { tenantId, moveId, logging, frozen, updatedAt: now });
    return { at: now };
  },
});

/** Removes the flag and whatever the change log still holds for the tenant (bounded: call until done). */
export const clearFlag = systemMutation({
  moveHook: false,
  args: { tenantId: v.id("tenants") },
  handler: async (ctx, { tenantId }) => {
    const entries = await ctx.db
      .query("moveChangelog")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .take(MOVE_PAGE);
    for (const e of entries) await ctx.db.delete(e._id);
    if (entries.length === MOVE_PAGE) return { done: false };
    const flags = await ctx.db
      .query("tenantMoveFlags")
      .withIndex("by_tenant", (q) => q.eq("tenantId", tenantId))
      .take(10);
    for (const f of flags) await ctx.db.delete(f._id);
    return { done: true };
  },
});

/** Deletes one batch of the tenant's rows of one table on a retired source (call until done). */
export const retire = systemMutation({
  moveHook: false,
  args: { tenantId: v.id("tenants"), table: v.string(), limit: v.number() },
  handler: async (ctx, { tenantId, table, limit }) => {
    const n = Math.min(Math.max(1, limit), MOVE_PAGE);
    const rows = await tenantRows(ctx.db, tableX(table), tenantId).take(n);
    for (const r of rows) await ctx.db.delete(r._id as Id<TableNames>);
    return { deleted: rows.length, done: rows.length < n };
  },
});

// ---- target ----

async function mapped(db: Reader, tenantId: Id<"tenants">, moveId: string, sourceId: string) {
  return await db
    .query("moveIdMap")
    .withIndex("by_move_source", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId).eq("sourceId", sourceId))
    .first();
}

/**
 * The tenant's row on the target: the source's content, found again by slug (slugs are
 * unique across the platform) on a re-run. A target already holding rows of a tenant with
 * this slug that this move did not write is refused: it is not ours to overwrite. A target
 * that already has the tenant's row (the control plane, a move back to it) keeps its placement.
 */
export const initTarget = systemMutation({
  moveHook: false,
  args: { moveId: v.string(), sourceTenantId: v.string(), tenant: v.any() },
  handler: async (ctx, { moveId, sourceTenantId, tenant }) => {
    if (typeof tenant !== "object" || tenant === null || typeof tenant.slug !== "string" || typeof tenant.name !== "string")
      throw appError("INVALID", "The tenant must be the source's tenant row.", "tenant");
    const fields = mapIds("tenants" as MoveTable, tenant as Record<string, unknown>, (id) => id);
    const slug = String(fields.slug);
    const existing = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
    if (existing) {
      const entry = await mapped(ctx.db, existing._id, moveId, sourceTenantId);
      if (entry) return { tenantId: existing._id };
      for (const t of MOVE_TABLES)
        if ((await tenantRows(ctx.db, t, existing._id).first()) !== null)
          throw appError("CONFLICT", `The target already holds ${t} rows of "${slug}" that this move did not write; retire them first.`);
      // On the control plane this row is the registry's: where the tenant lives (placement and its
      // version, moved only by setPlacement's compare-and-set) is the registry's to say, not the
      // source copy's, which holds whatever it held when the tenant last moved there.
      const { placement, placementVersion } = existing;
      await ctx.db.replace(existing._id, { ...(fields as Doc<"tenants">), placement, placementVersion });
    }
    const tenantId = existing?._id ?? (await ctx.db.insert("tenants", fields as Doc<"tenants">));
    await ctx.db.insert("moveIdMap", { tenantId, moveId, table: "tenants", sourceId: sourceTenantId, targetId: tenantId });
    return { tenantId };
  },
});

const userValidator = v.object({
  sourceId: v.string(),
  externalId: v.string(),
  email: v.string(),
  name: v.string(),
  platformRole: v.string(),
  createdAt: v.number(),
});

/**
 * Writes a batch into the target: a source row seen before replaces its target row (when
 * the content differs), a new one is inserted and mapped, a deleted one (doc null) goes.
 * A row referring to a source row not yet mapped is left out and named in `missing`: the
 * runner fetches those rows first (or, gone from the source too, passes them as `dangling`:
 * the reference is kept as it was, pointing at nothing, as it did on the source).
 */
export const apply = systemMutation({
  moveHook: false,
  args: {
    tenantId: v.id("tenants"),
    moveId: v.string(),
    rows: v.array(v.object({ table: v.string(), sourceId: v.string(), doc: v.union(v.any(), v.null()) })),
    users: v.array(userValidator),
    dangling: v.optional(v.array(v.object({ table: v.string(), id: v.string() }))),
    /** A page of a bulk table's copy (bulkPlan): its id map goes into one moveIdBatches document. */
    bulk: v.optional(
      v.object({
        ...bulkPageFields,
        /** Rows created at or after this (on the source's clock) may change during the move: mapped one by one. */
        since: v.number(),
      }),
    ),
    /** Rows the runner found in bulk batches (bulkFind): mapped one by one from now on. */
    known: v.optional(v.array(v.object({ table: v.string(), sourceId: v.string(), targetId: v.string() }))),
  },
  handler: async (ctx, { tenantId, moveId, rows: given, users, dangling, bulk, known }) => {
    const db = ctx.db;
    if (bulk && given.some((r) => r.table !== bulk.table || r.doc === null))
      throw appError("INVALID", "A bulk page holds rows of its one table, none deleted.", "rows");
    // A row named twice (a change log may) counts once, as its latest state: the lookups below are made once per id.
    const last = new Map(given.map((r, i) => [r.sourceId, i]));
    const rows = given.filter((r, i) => last.get(r.sourceId) === i);
    // Every source id the batch names is looked up once, all together before the first write
    // (a deployment runs a mutation's reads concurrently), not one read per row as the rows go.
    const entries = new Map<string, Doc<"moveIdMap"> | null>();
    const cache = new Map<string, string | null>();
    const refsOf = rows.map((row) => (row.doc === null ? [] : idsIn(tableX(row.table), row.doc)));
    // A bulk page's own rows are mapped one by one only when pulled in ahead of their table or created
    // during the move: usually none, so all of the table's entries are read in one range instead of a
    // lookup per row (a lookup per row was a third of a bulk apply's time).
    const pulled = bulk
      ? await db
          .query("moveIdMap")
          .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId).eq("table", bulk.table))
          .take(MOVE_PAGE + 1)
      : [];
    const own = pulled.length <= MOVE_PAGE;
    if (bulk && own) {
      const byId = new Map(pulled.map((e) => [e.sourceId, e]));
      for (const r of rows) {
        const e = byId.get(r.sourceId) ?? null;
        entries.set(r.sourceId, e);
        cache.set(r.sourceId, e?.targetId ?? null);
      }
    }
    const wanted = new Set<string>([
      ...users.map((u) => u.sourceId),
      ...(dangling ?? []).map((d) => d.id),
      ...(bulk && own ? [] : rows.map((r) => r.sourceId)),
      ...refsOf.flatMap((refs) => refs.map((r) => r.id)),
    ]);
    const ids = [...wanted];
    const found = await Promise.all(ids.map((id) => mapped(db, tenantId, moveId, id)));
    ids.forEach((id, i) => {
      entries.set(id, found[i]);
      cache.set(id, found[i]?.targetId ?? null);
    });
    const remember = async (table: string, sourceId: string, targetId: string) => {
      const _id = await db.insert("moveIdMap", { tenantId, moveId, table, sourceId, targetId });
      entries.set(sourceId, { _id, tenantId, moveId, table, sourceId, targetId } as Doc<"moveIdMap">);
      cache.set(sourceId, targetId);
    };
    for (const k of known ?? []) if (!cache.get(k.sourceId)) await remember(tableX(k.table), k.sourceId, k.targetId);
    // A page re-applied (a runner killed mid-page, a page split in two): what its earlier pieces wrote.
    const already = new Map<string, string>();
    if (bulk)
      for (const piece of await db
        .query("moveIdBatches")
        .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId).eq("table", bulk.table).eq("seq", bulk.seq))
        .collect())
        piece.sourceIds.forEach((sid, i) => already.set(sid, piece.targetIds[i]));
    const sourceIds: string[] = [];
    const targetIds: string[] = [];
    for (const u of users) {
      if (cache.get(u.sourceId)) continue;
      const same = await db
        .query("users")
        .withIndex("by_external_id", (q) => q.eq("externalId", u.externalId))
        .first();
      const id =
        same?._id ??
        (await db.insert("users", {
          externalId: u.externalId,
          email: u.email,
          name: u.name,
          platformRole: u.platformRole as Doc<"users">["platformRole"],
          createdAt: u.createdAt,
        }));
      await remember("users", u.sourceId, id);
    }
    for (const d of dangling ?? []) {
      if (cache.get(d.id)) continue;
      const id = db.normalizeId(d.table as TableNames, d.id);
      if (!id || (await db.get(id)) !== null)
        throw appError("CONFLICT", `A ${d.table} reference (${d.id}) points at nothing on the source and cannot be kept on the target.`);
      await remember(d.table, d.id, d.id);
    }
    // The target rows a changed row replaces (none in a first copy), fetched together too.
    const current = await Promise.all(
      rows.map((row) => {
        const targetId = cache.get(row.sourceId);
        return targetId ? (db.get(targetId as Id<TableNames>) as Promise<Record<string, unknown> | null>) : null;
      }),
    );

    let inserted = 0;
    let replaced = 0;
    let unchanged = 0;
    let deleted = 0;
    const missing: { table: string; id: string }[] = [];
    for (const [i, row] of rows.entries()) {
      const table = tableX(row.table);
      if (already.has(row.sourceId)) {
        unchanged++;
        continue;
      }
      const targetId = cache.get(row.sourceId) ?? null;
      const entry = entries.get(row.sourceId) ?? null;
      if (row.doc === null) {
        if (targetId) {
          if (current[i]) await db.delete(current[i]._id as Id<TableNames>);
          if (entry) await db.delete(entry._id);
          entries.set(row.sourceId, null);
          cache.set(row.sourceId, null);
          deleted++;
        }
        continue;
      }
      // A reference to a row earlier in this batch resolves through `cache`, which each insert updates.
      const absent = refsOf[i].filter((ref) => !cache.get(ref.id));
      if (absent.length) {
        missing.push(...absent);
        continue;
      }
      const fields = mapIds(table, row.doc, (id) => cache.get(id) as string);
      const now = current[i];
      if (now) {
        if (canonical(mapIds(table, now, (id) => id)) === canonical(fields)) unchanged++;
        else {
          await db.replace(now._id as Id<TableNames>, fields as never);
          replaced++;
        }
      } else {
        const id = await db.insert(table, fields as never);
        if (entry) {
          await db.patch(entry._id, { targetId: id });
          cache.set(row.sourceId, id);
        } else if (bulk && typeof row.doc._creationTime === "number" && row.doc._creationTime < bulk.since) {
          sourceIds.push(row.sourceId);
          targetIds.push(id);
          cache.set(row.sourceId, id);
        } else await remember(table, row.sourceId, id);
        inserted++;
      }
    }
    // The page's end is written only once all its rows are in: a resumed copy starts after it.
    const complete = bulk !== undefined && bulk.end !== null && missing.length === 0;
    if (bulk && (sourceIds.length || complete))
      await db.insert("moveIdBatches", {
        tenantId,
        moveId,
        table: bulk.table,
        seq: bulk.seq,
        start: bulk.start,
        end: complete ? bulk.end : null,
        ...(bulk.pageEnd !== undefined ? { pageEnd: bulk.pageEnd } : {}),
        done: complete && bulk.done,
        sourceIds,
        targetIds,
      });
    return { inserted, replaced, unchanged, deleted, missing };
  },
});

/** Bulk batches per page of bulkFind and mapPage: each holds up to MOVE_PAGE pairs (about 140 KB). */
const BATCHES_PER_PAGE = 16;
const BULK_CURSOR = "bulk:";

/** The last bulk batch the target holds of a table: where a resumed copy of it starts. */
export const bulkProgress = systemQuery({
  args: { tenantId: v.id("tenants"), moveId: v.string(), table: v.string() },
  handler: async (ctx, { tenantId, moveId, table }) => {
    const last = await ctx.db
      .query("moveIdBatches")
      .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId).eq("table", table))
      .order("desc")
      .first();
    return last ? { seq: last.seq, start: last.start, end: last.end, pageEnd: last.pageEnd ?? null, done: last.done } : null;
  },
});

/**
 * Which of `ids` (source ids of one bulk table) a page of the table's bulk batches maps, and
 * to what: the runner reads every page (a changed row of a bulk table is rare; the batches
 * are the only place its target row is named).
 */
export const bulkFind = systemQuery({
  args: {
    tenantId: v.id("tenants"),
    moveId: v.string(),
    table: v.string(),
    ids: v.array(v.string()),
    cursor: v.union(v.string(), v.null()),
  },
  handler: async (ctx, { tenantId, moveId, table, ids, cursor }) => {
    const want = new Set(ids);
    const result = await pageX(() =>
      ctx.db
        .query("moveIdBatches")
        .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId).eq("table", table))
        .paginate({ cursor, numItems: BATCHES_PER_PAGE }),
    );
    const found: { table: string; sourceId: string; targetId: string }[] = [];
    for (const b of result.page)
      b.sourceIds.forEach((sid, i) => want.has(sid) && found.push({ table, sourceId: sid, targetId: b.targetIds[i] }));
    return { found, cursor: result.continueCursor, isDone: result.isDone };
  },
});

/** What a move's per-row map gives these source ids (absent ones left out). */
export const targetsOf = systemQuery({
  args: { tenantId: v.id("tenants"), moveId: v.string(), ids: v.array(v.string()) },
  handler: async (ctx, { tenantId, moveId, ids }) => {
    const found = await Promise.all(ids.slice(0, MOVE_PAGE).map((id) => mapped(ctx.db, tenantId, moveId, id)));
    return found.flatMap((e) => (e ? [{ sourceId: e.sourceId, targetId: e.targetId }] : []));
  },
});

/**
 * A page of a move's id map (for a reverse, which maps the other way): the per-row entries,
 * then the pairs of the bulk batches (a cursor starting with "bulk:" is in those).
 */
export const mapPage = systemQuery({
  args: { tenantId: v.id("tenants"), moveId: v.string(), cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, { tenantId, moveId, cursor }) => {
    if (cursor === null || !cursor.startsWith(BULK_CURSOR)) {
      const result = await pageX(() =>
        ctx.db
          .query("moveIdMap")
          .withIndex("by_move_source", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId))
          .paginate({ cursor, numItems: MOVE_PAGE }),
      );
      const bulk = result.isDone
        ? await ctx.db
            .query("moveIdBatches")
            .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId))
            .first()
        : null;
      return {
        entries: result.page.map((e) => ({ table: e.table, sourceId: e.sourceId, targetId: e.targetId })),
        // Moves recorded before bulk batches existed have none: done as before.
        cursor: bulk ? BULK_CURSOR : result.continueCursor,
        isDone: result.isDone && !bulk,
      };
    }
    const rest = cursor.slice(BULK_CURSOR.length);
    const result = await pageX(() =>
      ctx.db
        .query("moveIdBatches")
        .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId))
        .paginate({ cursor: rest === "" ? null : rest, numItems: 1 }),
    );
    return {
      entries: result.page.flatMap((b) => b.sourceIds.map((sid, i) => ({ table: b.table, sourceId: sid, targetId: b.targetIds[i] }))),
      cursor: `${BULK_CURSOR}${result.continueCursor}`,
      isDone: result.isDone,
    };
  },
});

/** Adds id-map entries (the reverse of another move's), skipping those already there. */
export const mapAdd = systemMutation({
  moveHook: false,
  args: {
    tenantId: v.id("tenants"),
    moveId: v.string(),
    entries: v.array(v.object({ table: v.string(), sourceId: v.string(), targetId: v.string() })),
  },
  handler: async (ctx, { tenantId, moveId, entries }) => {
    let added = 0;
    const batch = entries.slice(0, MOVE_PAGE);
    const there = await Promise.all(batch.map((e) => mapped(ctx.db, tenantId, moveId, e.sourceId)));
    const seen = new Set<string>();
    for (const [i, e] of batch.entries()) {
      if (there[i] || seen.has(e.sourceId)) continue;
      seen.add(e.sourceId);
      await ctx.db.insert("moveIdMap", { tenantId, moveId, ...e });
      added++;
    }
    return { added };
  },
});

// ---- both: verify ----

/**
 * One page of a table's digest. Each row is written as canonical JSON with every id
 * expressed as the source's (the target translates through moveIdMap; a row with no
 * mapping shows as "?id", so an extra row never matches), the tenant as "T" and a user as
 * their externalId; _creationTime is left out (the target's cannot be chosen). Rows whose
 * source id is in `exclude` (changes still to copy) are skipped on both sides. `detail`
 * also returns each row's hash, for naming the rows of a table that differs.
 */
export const digest = systemQuery({
  args: {
    tenantId: v.id("tenants"),
    table: v.string(),
    side: v.union(v.literal("source"), v.literal("target")),
    moveId: v.string(),
    cursor: v.union(v.string(), v.null()),
    numItems: v.number(),
    exclude: v.array(v.string()),
    detail: v.boolean(),
    /**
     * A bulk table (no row refers to its rows): each row is hashed without its own id, which
     * the target has in no per-row map; the sums then compare the two sides' rows as multisets
     * of contents, references still expressed as source ids. The target leaves out the rows
     * `excludeTargets` names (the runner maps `exclude` for it).
     */
    contentOnly: v.optional(v.boolean()),
    excludeTargets: v.optional(v.array(v.string())),
  },
  handler: async (ctx, { tenantId, table, side, moveId, cursor, numItems, exclude, detail, contentOnly, excludeTargets }) => {
    const t = tableX(table);
    const db = ctx.db;
    const skip = new Set(exclude);
    const skipTarget = new Set(excludeTargets ?? []);
    const back = new Map<string, string>();
    const sourceIdOf = async (id: string) => {
      if (side === "source") return id;
      if (!back.has(id)) {
        const e = await db
          .query("moveIdMap")
          .withIndex("by_move_target", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId).eq("targetId", id))
          .first();
        back.set(id, e ? e.sourceId : `?${id}`);
      }
      return back.get(id) as string;
    };
    const people = new Map<string, string>();
    const result = await pageX(() =>
      tenantRows(db, t, tenantId).paginate({ cursor, numItems: Math.min(Math.max(1, numItems), MOVE_PAGE) }),
    );
    // The target's id-map entries for the page's rows and the rows they name, read together up front.
    const refsOf = result.page.map((doc) => idsIn(t, doc));
    if (side === "target") {
      const ids = new Set<string>();
      for (const [i, doc] of result.page.entries()) {
        if (!contentOnly) ids.add(doc._id as string);
        for (const ref of refsOf[i]) if (ref.table !== "tenants" && ref.table !== "users") ids.add(ref.id);
      }
      await Promise.all([...ids].map(sourceIdOf));
    }
    let count = 0;
    let s1 = 0;
    let s2 = 0;
    const rows: { sourceId: string; id: string; hash: string }[] = [];
    for (const [i, doc] of result.page.entries()) {
      if (contentOnly && side === "target" && skipTarget.has(doc._id as string)) continue;
      const own = contentOnly ? (side === "source" ? (doc._id as string) : "") : await sourceIdOf(doc._id as string);
      if (skip.has(own)) continue;
      const names = new Map<string, string>();
      for (const ref of refsOf[i]) {
        if (ref.table === "tenants") names.set(ref.id, "T");
        else if (ref.table === "users") {
          if (!people.has(ref.id)) people.set(ref.id, `user:${(await db.get(ref.id as Id<"users">))?.externalId ?? `?${ref.id}`}`);
          names.set(ref.id, people.get(ref.id) as string);
        } else names.set(ref.id, await sourceIdOf(ref.id));
      }
      const content = canonical(mapIds(t, doc, (id) => names.get(id) as string));
      const text = contentOnly ? content : `${own}|${content}`;
      const [a, b] = hash2(text);
      count++;
      s1 = (s1 + a) >>> 0;
      s2 = (s2 + b) >>> 0;
      if (detail) rows.push({ sourceId: own, id: doc._id as string, hash: `${a.toString(16)}${b.toString(16)}` });
    }
    return { count, s1, s2, rows, cursor: result.continueCursor, isDone: result.isDone };
  },
});

/** The tenant's row on this deployment (by id, or by slug when the id is another deployment's). */
export const tenant = systemQuery({
  args: { tenantId: v.optional(v.string()), slug: v.optional(v.string()) },
  handler: async (ctx, { tenantId, slug }) => {
    const id = tenantId ? ctx.db.normalizeId("tenants", tenantId) : null;
    if (id) return await ctx.db.get(id);
    if (!slug) return null;
    return await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .unique();
  },
});

/** For tests and the operator: rows of the tenant per table on this deployment (capped). */
export const counts = systemQuery({
  args: { tenantId: v.id("tenants"), tables: v.array(v.string()) },
  handler: async (ctx, { tenantId, tables }) => {
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = (await tenantRows(ctx.db, tableX(table), tenantId).take(10_000)).length;
    return out;
  },
});

/** The tables a move copies, as this deployment's code defines them (the runner asks, never assumes). */
export const tables = systemQuery({
  args: {},
  handler: async () => [...MOVE_TABLES] as string[],
});

/** The copy's order and its bulk tables (convex/platform/moveIds.ts's bulkPlan). */
export const plan = systemQuery({
  args: {},
  handler: async () => bulkPlan(MOVE_TABLES) as { order: string[]; bulk: string[] },
});

/** Deletes one batch of a finished move's id map, per-row entries then bulk batches (call until done). */
export const mapClear = systemMutation({
  moveHook: false,
  args: { tenantId: v.id("tenants"), moveId: v.string() },
  handler: async (ctx, { tenantId, moveId }) => {
    const rows = await ctx.db
      .query("moveIdMap")
      .withIndex("by_move_source", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId))
      .take(MOVE_PAGE);
    for (const r of rows) await ctx.db.delete(r._id);
    if (rows.length === MOVE_PAGE) return { done: false };
    const batches = await ctx.db
      .query("moveIdBatches")
      .withIndex("by_move_table", (q) => q.eq("tenantId", tenantId).eq("moveId", moveId))
      .take(BATCHES_PER_PAGE);
    for (const b of batches) await ctx.db.delete(b._id);
    return { done: batches.length < BATCHES_PER_PAGE };
  },
});
