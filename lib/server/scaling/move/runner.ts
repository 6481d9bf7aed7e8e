/**
 * The tenant move workflow (issue 20, after Vitess MoveTables): create -> copy ->
 * catchup -> verify -> switch, then complete (retire the source) or reverse. It runs
 * wherever it is started (the admin API, a CLI, a test) against three deployments by URL:
 * the control plane (the workflow record, the placement), the source and the target
 * (convex/platform/moveData.ts). The record is saved after every batch and every step is
 * idempotent on the deployments, so a runner killed at any point is resumed by calling
 * runMove again with the same id: at worst it redoes the last batch.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import { formatPlacement, parsePlacement, samePlacement, type Placement } from "@/lib/domain/placement";
import { appErrorOf } from "@/lib/domain/errors";

/** One deployment, called with the system secret. */
export type Deployment = {
  url: string;
  query(name: string, args: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  mutation(name: string, args: Record<string, Value>): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

export function deploymentAt(url: string, secret: string): Deployment {
  const client = new ConvexHttpClient(url, { logger: false });
  return {
    url,
    query: (name, args) => client.query(makeFunctionReference<"query">(name), { ...args, secret }),
    mutation: (name, args) => client.mutation(makeFunctionReference<"mutation">(name), { ...args, secret }),
  };
}

export type MoveEnv = {
  control: Deployment;
  /** The deployment at a URL (the control plane's own URL may come back as `control`). */
  at(url: string): Deployment;
  /** Rows per batch (default 1,000; a batch a deployment refuses as too large is halved). */
  batch?: number;
  /** Tests: fail as a killed runner would, right after this many batches were written but before the record was saved. */
  crashAfterBatches?: number;
  onProgress?(move: MoveRecord): void;
};

type RowRef = { table: string; id: string };
type Row = { table: string; sourceId: string; doc: Record<string, Value> | null };
type User = Record<string, Value>;

export type Mismatch = {
  table: string;
  sourceId: string | null;
  targetId: string | null;
  problem: "missing on target" | "extra on target" | "differs";
};

export type MoveState = {
  sourceTenantId: string;
  controlTenantId: string;
  targetTenantId?: string;
  tables?: string[];
  /**
   * The tables copied in bulk (convex/platform/moveIds.ts's bulkPlan): their pages' id maps
   * are one document each on the target, which also holds how far their copy got. Absent in
   * moves recorded before bulk copies existed: those copy row by row to the end, as they began.
   */
  bulk?: string[];
  /** Rows of bulk tables created from this time on (source clock, a second early) are mapped one by one. */
  since?: number;
  tableIndex: number;
  cursor: string | null;
  copied: Record<string, number>;
  caughtUp: number;
  batches: number;
  verified?: Record<string, { count: number; ok: boolean }>;
  mismatches?: Mismatch[];
  expectedVersion?: number;
  frozenAt?: number;
  freezeMs?: number;
  mapCursor?: string | null;
  retireIndex?: number;
  retired?: number;
};

export type MoveRecord = {
  _id: string;
  slug: string;
  from: string;
  to: string;
  sourceUrl: string;
  targetUrl: string;
  phase: string;
  status: "running" | "failed" | "switched" | "done" | "reversed";
  state: MoveState;
  error?: string;
  reverseOf?: string;
};

export const PHASES = ["create", "copy", "catchup", "verify", "switch", "switched", "complete", "done"] as const;

/** A verify that found rows differing: the workflow stops with them named. */
export class MoveVerifyError extends Error {
  constructor(readonly mismatches: Mismatch[]) {
    super(
      `Verify failed: ${mismatches.length} row(s) differ: ${mismatches
        .slice(0, 10)
        .map((m) => `${m.table} ${m.sourceId ?? "-"} -> ${m.targetId ?? "-"} (${m.problem})`)
        .join("; ")}`,
    );
  }
}

class Crash extends Error {}

/** A call a deployment refused for its size (Convex's per-function limits): the same work in smaller pieces passes. */
export function tooLarge(e: unknown): boolean {
  const text = e instanceof Error ? e.message : String(e);
  return /Too many (documents|bytes|reads)|execution timed out|exceeds \d+ bytes|too large/i.test(text);
}

/** `call(n)`, halving n while the deployment says the call is too large. */
async function shrinking<T>(n: number, call: (n: number) => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await call(n);
    } catch (e) {
      if (n <= 1 || !tooLarge(e)) throw e;
      n = Math.ceil(n / 2);
    }
  }
}

/** Records the move on the control plane; run it with runMove. */
export async function startMove(
  env: MoveEnv,
  args: { slug: string; to: Placement; sourceUrl: string; targetUrl: string },
): Promise<string> {
  const controlTenant = await env.control.query("platform/moveData:tenant", { slug: args.slug });
  if (!controlTenant) throw new Error(`No tenant "${args.slug}" on the control plane.`);
  const { placement } = await env.control.query("platform/registry:placement", { tenantId: controlTenant._id });
  if (samePlacement(placement, args.to)) throw new Error(`"${args.slug}" is already on ${formatPlacement(args.to)}.`);
  const sourceTenant = await env.at(args.sourceUrl).query("platform/moveData:tenant", { slug: args.slug });
  if (!sourceTenant) throw new Error(`No tenant "${args.slug}" on the source deployment.`);
  const state: MoveState = {
    sourceTenantId: sourceTenant._id,
    controlTenantId: controlTenant._id,
    tableIndex: 0,
    cursor: null,
    copied: {},
    caughtUp: 0,
    batches: 0,
  };
  return await env.control.mutation("platform/moves:create", {
    slug: args.slug,
    from: formatPlacement(placement),
    to: formatPlacement(args.to),
    sourceUrl: args.sourceUrl,
    targetUrl: args.targetUrl,
    phase: "create",
    state,
  });
}

/** Starts undoing a switched move: the tenant goes back to its source, writes made since the switch included. */
export async function startReverse(env: MoveEnv, moveId: string): Promise<string> {
  const fwd: MoveRecord | null = await env.control.query("platform/moves:get", { moveId });
  if (!fwd) throw new Error("No such move.");
  if (fwd.status !== "switched") throw new Error(`Only a switched move can be reversed (this one is ${fwd.status}).`);
  const state: MoveState = {
    sourceTenantId: fwd.state.targetTenantId as string,
    targetTenantId: fwd.state.sourceTenantId,
    controlTenantId: fwd.state.controlTenantId,
    tableIndex: 0,
    cursor: null,
    copied: {},
    caughtUp: 0,
    batches: 0,
    mapCursor: null,
  };
  return await env.control.mutation("platform/moves:create", {
    slug: fwd.slug,
    from: fwd.to,
    to: fwd.from,
    sourceUrl: fwd.targetUrl,
    targetUrl: fwd.sourceUrl,
    phase: "seed",
    state,
    reverseOf: moveId,
  });
}

/**
 * Runs a move from wherever its record says up to `until` ("switched": stop after the
 * switch, reversible; "done": also retire the source). Returns the saved record.
 */
export async function runMove(env: MoveEnv, moveId: string, until: "verify" | "switched" | "done" = "switched"): Promise<MoveRecord> {
  const m: MoveRecord | null = await env.control.query("platform/moves:get", { moveId });
  if (!m) throw new Error("No such move.");
  if (m.status === "done" || m.status === "reversed") return m;
  const src = env.at(m.sourceUrl);
  const tgt = env.at(m.targetUrl);
  const st = m.state;
  const batch = env.batch ?? 1000;
  let sinceSave = 0;
  /** The copy's record save still in flight (it overlaps the next batch's write); awaited before any other save. */
  let saving: Promise<void> = Promise.resolve();

  const save = async (phase = m.phase, status = m.status, error?: string) => {
    m.phase = phase;
    m.status = status;
    m.error = error;
    // A copy of the state as it is now: the client sends it later, while the runner moves on.
    const state = structuredClone(st) as unknown as Value;
    await env.control.mutation("platform/moves:save", { moveId, phase, status, state, ...(error ? { error } : {}) });
    env.onProgress?.(m);
  };
  /** After a batch is written: the simulated kill comes before its record is saved. */
  const wrote = () => {
    st.batches++;
    sinceSave++;
    if (env.crashAfterBatches !== undefined && sinceSave >= env.crashAfterBatches) throw new Crash("runner killed (test)");
    return save();
  };

  /** Filled from the record (or by the create phase below). */
  const bulkTables = new Set(st.bulk ?? []);

  /** Where the target's bulk batches map these source ids (one table's batches read in full per table asked). */
  const findBulk = async (refs: RowRef[]) => {
    const found: { table: string; sourceId: string; targetId: string }[] = [];
    const byTable = new Map<string, string[]>();
    for (const r of refs) if (bulkTables.has(r.table)) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r.id]);
    for (const [table, ids] of byTable)
      for (let cursor: string | null = null; ;) {
        const f: { found: typeof found; cursor: string; isDone: boolean } = await tgt.query("platform/moveData:bulkFind", {
          tenantId: st.targetTenantId as string,
          moveId,
          table,
          ids,
          cursor,
        });
        found.push(...f.found);
        if (f.isDone) break;
        cursor = f.cursor;
      }
    return found;
  };
  /** Rows of a bulk table that may sit in a bulk batch: deleted since, or older than `since`. */
  const maybeBulk = (rows: Row[]): RowRef[] =>
    rows
      .filter((x) => bulkTables.has(x.table) && (x.doc === null || (x.doc._creationTime as number) < (st.since ?? Infinity)))
      .map((x) => ({ table: x.table, id: x.sourceId }));

  /** The per-row map's entries for these source ids (absent ones left out). */
  const perRow = async (ids: string[]): Promise<{ sourceId: string; targetId: string }[]> => {
    const out: { sourceId: string; targetId: string }[] = [];
    for (let i = 0; i < ids.length; i += 2000)
      out.push(
        ...(await tgt.query("platform/moveData:targetsOf", { tenantId: st.targetTenantId as string, moveId, ids: ids.slice(i, i + 2000) })),
      );
    return out;
  };
  /**
   * Rows of a bulk table that may sit in a bulk batch: deleted since, or older than `since`, and
   * not mapped one by one yet (a row found once is mapped so: a row changed again and again, a
   * usage day, is looked for in the batches only the first time).
   */
  const inBulk = async (rows: Row[]): Promise<RowRef[]> => {
    const maybe = maybeBulk(rows);
    if (!maybe.length) return [];
    const mapped = new Set((await perRow(maybe.map((r) => r.id))).map((e) => e.sourceId));
    return maybe.filter((r) => !mapped.has(r.id));
  };
  type BulkPage = {
    table: string;
    seq: number;
    start: string | null;
    end: string | null;
    pageEnd: string | null;
    done: boolean;
    since: number;
  };

  /** Writes rows into the target, first fetching the rows they refer to that the target lacks. */
  const applyRows = async (rows: Row[], users: User[], depth = 0, bulk?: BulkPage): Promise<void> => {
    let dangling: RowRef[] = [];
    // Outside a bulk page, a row of a bulk table may already be on the target through a bulk batch: found there first.
    const candidates = bulk ? [] : await inBulk(rows);
    const known = candidates.length ? await findBulk(candidates) : [];
    for (let round = 0; round < 4; round++) {
      let r;
      try {
        r = await tgt.mutation("platform/moveData:apply", {
          tenantId: st.targetTenantId as string,
          moveId,
          rows: rows as unknown as Value,
          users: users as unknown as Value,
          dangling: dangling as unknown as Value,
          ...(bulk ? { bulk: bulk as unknown as Value } : {}),
          ...(known.length ? { known: known as unknown as Value } : {}),
        });
      } catch (e) {
        // Too much for one transaction: each half in its own (an apply is all or nothing, so nothing was written).
        if (rows.length < 2 || !tooLarge(e)) throw e;
        const half = Math.ceil(rows.length / 2);
        // A bulk page's end is written by its last piece only.
        await applyRows(rows.slice(0, half), users, depth, bulk && { ...bulk, end: null, done: false });
        await applyRows(rows.slice(half), users, depth, bulk);
        return;
      }
      const missing = unique(r.missing as RowRef[]).filter((ref) => !dangling.some((d) => d.id === ref.id));
      if (!missing.length) return;
      if (depth > 8) throw new Error(`References nest too deep at ${missing[0].table} ${missing[0].id}.`);
      const tables = new Set(st.tables);
      const gone = missing.filter((ref) => !tables.has(ref.table));
      const fetched = await src.query("platform/moveData:docs", {
        tenantId: st.sourceTenantId,
        refs: missing.filter((ref) => tables.has(ref.table)),
      });
      const present = (fetched.rows as Row[]).filter((x) => x.doc);
      if (present.length) await applyRows(present, fetched.users, depth + 1);
      dangling = [...dangling, ...gone, ...(fetched.rows as Row[]).filter((x) => !x.doc).map((x) => ({ table: x.table, id: x.sourceId }))];
    }
    throw new Error("Rows kept referring to rows the target lacks.");
  };

  /** Copies the change log across; `drain`: until it is empty (frozen source), else until a short batch. */
  const catchUp = async (drain: boolean) => {
    for (;;) {
      const c = await src.query("platform/moveData:changes", { tenantId: st.sourceTenantId, limit: batch });
      if (!c.entries.length) return;
      await applyRows(c.rows, c.users);
      await src.mutation("platform/moveData:ack", { ids: c.entries });
      st.caughtUp += c.rows.length;
      await wrote();
      if (!drain && c.entries.length < batch) return;
    }
  };

  type Pending = { count: number; capped: boolean; ids: string[]; old: RowRef[] };
  /**
   * The change log's rows, and those of bulk tables that may sit in a bulk batch (deleted, or
   * older than `since`): their rows are read a page at a time, halved while a page reads too much
   * (at 10,000 changed embeddings, ~12 KB each, one read of them all is far past 16 MiB).
   */
  const pendingOf = async (cap: number, withOld = true): Promise<Pending> => {
    const p: { count: number; capped: boolean; ids: string[]; refs: RowRef[] } = await src.query("platform/moveData:pending", {
      tenantId: st.sourceTenantId,
      cap,
    });
    const maybe = withOld ? p.refs.filter((r) => bulkTables.has(r.table)) : [];
    const old: RowRef[] = [];
    let size = batch;
    for (let i = 0; i < maybe.length; i += size)
      old.push(
        ...(await shrinking(size, (n) => {
          size = n;
          return src.query("platform/moveData:older", {
            tenantId: st.sourceTenantId,
            since: st.since as number,
            refs: maybe.slice(i, i + n) as unknown as Value,
          });
        })),
      );
    return { count: p.count, capped: p.capped, ids: p.ids, old };
  };
  /** The target rows standing for these pending source rows (per-row map, then bulk batches): a bulk table's target digest leaves them out by id. */
  const targetsOf = async (p: Pending): Promise<string[]> => {
    if (!bulkTables.size) return [];
    const mapped = await perRow(p.ids);
    const known = new Set(mapped.map((e) => e.sourceId));
    const found = await findBulk((p.old ?? []).filter((r) => !known.has(r.id)));
    return [...mapped, ...found].map((e) => e.targetId);
  };

  type DigestRow = { sourceId: string; id: string; hash: string };
  const digestAll = async (
    dep: Deployment,
    side: "source" | "target",
    table: string,
    exclude: string[],
    excludeTargets: string[],
    detail: boolean,
  ) => {
    let cursor: string | null = null;
    let count = 0;
    let s1 = 0;
    let s2 = 0;
    const rows: DigestRow[] = [];
    const contentOnly = bulkTables.has(table);
    for (;;) {
      const d = await shrinking(batch, (numItems) =>
        dep.query("platform/moveData:digest", {
          tenantId: side === "source" ? st.sourceTenantId : (st.targetTenantId as string),
          table,
          side,
          moveId,
          cursor,
          numItems,
          exclude,
          detail,
          ...(contentOnly ? { contentOnly, excludeTargets: side === "target" ? excludeTargets : [] } : {}),
        }),
      );
      count += d.count;
      s1 = (s1 + d.s1) >>> 0;
      s2 = (s2 + d.s2) >>> 0;
      rows.push(...(d.rows as DigestRow[]));
      if (d.isDone) return { count, sum: `${s1}:${s2}`, rows };
      cursor = d.cursor;
    }
  };

  /** The rows two detailed digests disagree on: by source id, or for a bulk table (hashed without ids) as multisets of contents. */
  const compare = (table: string, a: DigestRow[], b: DigestRow[]): Mismatch[] => {
    const out: Mismatch[] = [];
    if (bulkTables.has(table)) {
      const left = new Map<string, string[]>();
      for (const r of a) left.set(r.hash, [...(left.get(r.hash) ?? []), r.sourceId]);
      for (const t of b) {
        const l = left.get(t.hash);
        if (l?.length) l.pop();
        else out.push({ table, sourceId: null, targetId: t.id, problem: "extra on target" });
      }
      for (const l of left.values()) for (const sid of l) out.push({ table, sourceId: sid, targetId: null, problem: "missing on target" });
      return out;
    }
    const there = new Map(b.map((t) => [t.sourceId, t]));
    const here = new Set(a.map((r) => r.sourceId));
    for (const r of a) {
      const t = there.get(r.sourceId);
      if (!t) out.push({ table, sourceId: r.sourceId, targetId: null, problem: "missing on target" });
      else if (t.hash !== r.hash) out.push({ table, sourceId: r.sourceId, targetId: t.id, problem: "differs" });
    }
    for (const t of b) if (!here.has(t.sourceId)) out.push({ table, sourceId: null, targetId: t.id, problem: "extra on target" });
    return out;
  };

  const verify = async () => {
    // Rows still in the change log differ for a good reason (the switch copies them): left out on both sides.
    if ((await pendingOf(5000, false)).capped) await catchUp(false);
    const pending = await pendingOf(5000);
    const exclude = pending.ids;
    const excludeTargets = await targetsOf(pending);
    st.verified = {};
    const differing: string[] = [];
    for (const table of st.tables as string[]) {
      const [a, b] = await Promise.all([
        digestAll(src, "source", table, exclude, excludeTargets, false),
        digestAll(tgt, "target", table, exclude, excludeTargets, false),
      ]);
      const ok = a.count === b.count && a.sum === b.sum;
      st.verified[table] = { count: a.count, ok };
      if (!ok) differing.push(table);
    }
    if (!differing.length) return;
    // Name the rows: per-row hashes of the differing tables, leaving out everything changed by now.
    const later = await pendingOf(10_000);
    const laterTargets = await targetsOf(later);
    const mismatches: Mismatch[] = [];
    for (const table of differing) {
      const [a, b] = await Promise.all([
        digestAll(src, "source", table, later.ids, laterTargets, true),
        digestAll(tgt, "target", table, later.ids, laterTargets, true),
      ]);
      mismatches.push(...compare(table, a.rows, b.rows));
    }
    // Rows written while the digests were read are in the change log by now (nothing drains it during verify).
    const now = await pendingOf(10_000);
    const changed = new Set<string>(now.ids);
    const changedTargets = new Set<string>(await targetsOf(now));
    const real = mismatches.filter(
      (x) => (x.sourceId === null || !changed.has(x.sourceId)) && (x.targetId === null || !changedTargets.has(x.targetId)),
    );
    for (const table of differing) st.verified[table].ok = !real.some((x) => x.table === table);
    if (!real.length) return;
    mismatches.length = 0;
    mismatches.push(...real);
    st.mismatches = mismatches.slice(0, 100);
    throw new MoveVerifyError(mismatches);
  };

  const targetPlacement = parsePlacement(m.to) as Placement;

  try {
    if (m.status === "failed") await save(m.phase, "running");
    if (m.phase === "create") {
      const plan: { order: string[]; bulk: string[] } = await src.query("platform/moveData:plan", {});
      st.tables = plan.order;
      st.bulk = plan.bulk;
      for (const t of plan.bulk) bulkTables.add(t);
      const tenant = await src.query("platform/moveData:tenant", { tenantId: st.sourceTenantId });
      const { _id, _creationTime, ...fields } = tenant;
      void _id;
      void _creationTime;
      const init = await tgt.mutation("platform/moveData:initTarget", { moveId, sourceTenantId: st.sourceTenantId, tenant: fields });
      st.targetTenantId = init.tenantId;
      // Logging starts before the first row is read: every write after this is in the change log.
      const flag = await src.mutation("platform/moveData:setFlag", { tenantId: st.sourceTenantId, moveId, logging: true, frozen: false });
      // A second early: a row created around the flag's write is mapped one by one rather than looked for in batches
      // later (only a speed matter: a changed row of a bulk table is found in its batch either way).
      st.since = (flag.at as number) - 1_000;
      await save("copy");
    }
    if (m.phase === "seed") {
      // A reverse: the old source still holds every row as of the switch; map ids the other way round.
      st.tables = await src.query("platform/moveData:tables", {});
      const fwd = m.reverseOf as string;
      for (;;) {
        const p = await src.query("platform/moveData:mapPage", { tenantId: st.sourceTenantId, moveId: fwd, cursor: st.mapCursor ?? null });
        const entries = (p.entries as { table: string; sourceId: string; targetId: string }[]).map((e) => ({
          table: e.table,
          sourceId: e.targetId,
          targetId: e.sourceId,
        }));
        if (entries.length) await tgt.mutation("platform/moveData:mapAdd", { tenantId: st.targetTenantId as string, moveId, entries });
        st.mapCursor = p.isDone ? null : p.cursor;
        if (p.isDone) break;
        await wrote();
      }
      await save("catchup");
    }
    if (m.phase === "copy") {
      const tables = st.tables as string[];
      type Page = { rows: Row[]; users: User[]; cursor: string; isDone: boolean };
      /** `until`: a page whose first pieces are on the target already, read again exactly to where it ended then. */
      type Pos = { tableIndex: number; cursor: string | null; seq: number; until?: string };
      /** Where the copy goes on from table `ti` on: a bulk table's from the last page the target holds of it (it may be ahead of this record). */
      const from = async (ti: number, cursor: string | null): Promise<Pos> => {
        for (; ti < tables.length; ti++, cursor = null) {
          if (!bulkTables.has(tables[ti])) return { tableIndex: ti, cursor, seq: 0 };
          const p = await tgt.query("platform/moveData:bulkProgress", { tenantId: st.targetTenantId as string, moveId, table: tables[ti] });
          if (!p) return { tableIndex: ti, cursor: null, seq: 0 };
          // Part of a page is in (it was split, and the runner stopped between its pieces). Read again with
          // another page size, the page would end elsewhere: rows of its pieces would then fall in the next
          // page, whose skip list (pieces of its own seq) does not hold them, and be inserted twice.
          if (p.end === null) return { tableIndex: ti, cursor: p.start, seq: p.seq, ...(p.pageEnd ? { until: p.pageEnd } : {}) };
          if (!p.done) return { tableIndex: ti, cursor: p.end, seq: p.seq + 1 };
        }
        return { tableIndex: tables.length, cursor: null, seq: 0 };
      };
      const read = async (at: Pos | Promise<Pos>): Promise<{ pos: Pos; page: Page } | null> => {
        const pos = await at;
        if (pos.tableIndex >= tables.length) return null;
        const page: Page = await shrinking(batch, (numItems) =>
          src.query("platform/moveData:page", {
            tenantId: st.sourceTenantId,
            table: tables[pos.tableIndex],
            cursor: pos.cursor,
            numItems,
            ...(pos.until !== undefined ? { endCursor: pos.until } : {}),
          }),
        );
        return { pos, page };
      };
      // Pipelined, each step as safe to redo as before: page k+1 is read from the source while page
      // k is written to the target, and the record saying k is written is saved meanwhile (saves
      // stay in order). A runner killed anywhere resumes from the last saved cursor and rewrites
      // at most the batches after it, which apply finds already mapped (row by row, or in the
      // bulk batches of the same page).
      let next = read(from(st.tableIndex, st.cursor));
      for (;;) {
        const r = await next;
        if (!r) break;
        const { pos, page: p } = r;
        const table = tables[pos.tableIndex];
        next = read(p.isDone ? from(pos.tableIndex + 1, null) : { tableIndex: pos.tableIndex, cursor: p.cursor, seq: pos.seq + 1 });
        next.catch(() => undefined); // awaited above; a failure is seen there
        const bulk = bulkTables.has(table)
          ? { table, seq: pos.seq, start: pos.cursor, end: p.cursor, pageEnd: p.cursor, done: p.isDone, since: st.since as number }
          : undefined;
        if (p.rows.length) await applyRows(p.rows, p.users, 0, bulk);
        st.copied[table] = (st.copied[table] ?? 0) + p.rows.length;
        st.tableIndex = p.isDone ? pos.tableIndex + 1 : pos.tableIndex;
        st.cursor = p.isDone ? null : p.cursor;
        await saving;
        saving = wrote();
        saving.catch(() => undefined); // awaited before the next save; a failure is seen there
      }
      await saving;
      st.tableIndex = tables.length;
      st.cursor = null;
      await save("catchup");
    }
    if (m.phase === "catchup") {
      await catchUp(false);
      await save("verify");
    }
    if (m.phase === "verify") {
      await verify();
      if (until === "verify") return (await save("switch"), m);
      await save("switch");
    }
    if (m.phase === "switch") {
      if (st.expectedVersion === undefined) {
        const now = await env.control.query("platform/registry:placement", { tenantId: st.controlTenantId });
        st.expectedVersion = now.version;
        await save();
      }
      st.frozenAt ??= Date.now();
      await src.mutation("platform/moveData:setFlag", { tenantId: st.sourceTenantId, moveId, logging: true, frozen: true });
      await catchUp(true);
      // The target logs from before it takes writes, so the move stays reversible until complete.
      await tgt.mutation("platform/moveData:setFlag", { tenantId: st.targetTenantId as string, moveId, logging: true, frozen: false });
      await flip(env, st, targetPlacement);
      st.freezeMs = Date.now() - st.frozenAt;
      if (m.reverseOf) await markReversed(env, m.reverseOf);
      await save("switched", "switched");
    }
    if (until === "done" && m.phase === "switched") await complete(env, m, src, tgt, batch, save);
    return m;
  } catch (e) {
    if (e instanceof Crash) throw e;
    // A copy save still in flight lands first: the failure is the record's last word.
    await saving.catch(() => undefined);
    // A failure is recorded with the phase it stopped in; runMove again resumes there.
    await save(m.phase, "failed", e instanceof Error ? e.message : String(e)).catch(() => undefined);
    throw e;
  }
}

async function flip(env: MoveEnv, st: MoveState, to: Placement) {
  try {
    await env.control.mutation("platform/registry:setPlacement", {
      tenantId: st.controlTenantId,
      placement: to as unknown as Value,
      expectedVersion: st.expectedVersion as number,
    });
  } catch (e) {
    // A retried switch whose first flip landed: the placement already says the target, one version on.
    const now = await env.control.query("platform/registry:placement", { tenantId: st.controlTenantId });
    if (appErrorOf(e)?.code === "CONFLICT" && samePlacement(now.placement, to) && now.version === (st.expectedVersion as number) + 1)
      return;
    throw e;
  }
}

async function markReversed(env: MoveEnv, moveId: string) {
  const fwd: MoveRecord | null = await env.control.query("platform/moves:get", { moveId });
  if (fwd && fwd.status !== "reversed")
    await env.control.mutation("platform/moves:save", {
      moveId,
      phase: fwd.phase,
      status: "reversed",
      state: fwd.state as unknown as Value,
    });
}

/**
 * Retires the source copy: its rows in batches, the id maps, both flags (run it once requests
 * no longer reach the source: until then its freeze is what refuses a late write there).
 */
async function complete(
  env: MoveEnv,
  m: MoveRecord,
  src: Deployment,
  tgt: Deployment,
  batch: number,
  save: (phase?: string, status?: MoveRecord["status"]) => Promise<void>,
) {
  const st = m.state;
  await save("complete", "switched");
  const tables = st.tables as string[];
  st.retireIndex ??= 0;
  st.retired ??= 0;
  while (st.retireIndex < tables.length) {
    const r = await src.mutation("platform/moveData:retire", { tenantId: st.sourceTenantId, table: tables[st.retireIndex], limit: batch });
    st.retired += r.deleted;
    if (r.done) st.retireIndex++;
    await save("complete", "switched");
  }
  while (!(await tgt.mutation("platform/moveData:mapClear", { tenantId: st.targetTenantId as string, moveId: m._id })).done);
  if (m.reverseOf) while (!(await src.mutation("platform/moveData:mapClear", { tenantId: st.sourceTenantId, moveId: m.reverseOf })).done);
  while (!(await tgt.mutation("platform/moveData:clearFlag", { tenantId: st.targetTenantId as string })).done);
  // The source holds none of the tenant's rows now; without its flag, the deployment's writes are back to one read each.
  while (!(await src.mutation("platform/moveData:clearFlag", { tenantId: st.sourceTenantId })).done);
  await save("done", "done");
}

function unique(refs: RowRef[]): RowRef[] {
  const seen = new Map<string, RowRef>();
  for (const r of refs) seen.set(r.id, r);
  return [...seen.values()];
}
