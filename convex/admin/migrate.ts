/**
 * `tenantry export --tenant SLUG` / `tenantry import FILE --tenant SLUG [--dry-run]`: moving
 * a tenant's agents, departments, configuration (quota overrides, monthly budget) and usage
 * history (the per-day rollups the dashboards read) from one deployment or tenant to
 * another: the seed's single-tenant to multi-tenant migration.
 *
 * Ids are remapped: departments match by name, agents by the source agent id kept in their
 * metadata (`migratedFrom`), usage rows by (day, model, agent, department) after mapping.
 * Whatever already exists is skipped, so re-running an import changes nothing, and an
 * interrupted one is finished by running it again (resumable, not all-or-nothing: each
 * batch is one transaction). A dry run writes nothing and counts what would change.
 * Imported usage is history: it shows on the Usage page (usageDays are kept in step) but
 * does not count toward this month's quotas or bill.
 */
import { v, type Infer } from "convex/values";
import { staffMutation, staffQuery } from "../lib/functions";
import { appError } from "../lib/errors";
import { paginateX } from "../lib/paging";
import { bump, getCounters } from "../lib/counters";
import { assertWithinQuota } from "../lib/quotas";
import { audit } from "../lib/audit";
import { recordUsageDays, type Totals, type UsageKey } from "../lib/usageDays";
import { emptyBuckets } from "../lib/latency";
import { agentNameProblem, budgetCentsProblem, costCenterProblem, departmentNameProblem, textProblem } from "../../lib/domain/validation";
import { isModelId } from "../../lib/domain/plans";
import { DAY_MS } from "../../lib/domain/time";
import type { Doc, Id } from "../_generated/dataModel";
import { modelValidator, quotaOverridesValidator } from "../schema";
import { overridesX } from "./actions";
import { tenantBySlugX } from "./bySlug";

export const USAGE_PAGE = 1000;
export const IMPORT_USAGE_BATCH = 500;
const MAX_STRUCTURE = 2000;

/** Departments, agents and configuration of a tenant, with their ids (the import maps them). */
export const snapshot = staffQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const t = await tenantBySlugX(ctx.db, slug);
    const departments = await ctx.db
      .query("departments")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", t._id))
      .take(MAX_STRUCTURE);
    const agents = await ctx.db
      .query("agents")
      .withIndex("by_tenant", (q) => q.eq("tenantId", t._id))
      .take(MAX_STRUCTURE);
    return {
      source: { tenantId: t._id, slug: t.slug, name: t.name, plan: t.plan },
      configuration: { quotaOverrides: t.quotaOverrides ?? {}, monthlyBudgetCents: t.monthlyBudgetCents ?? null },
      departments: departments.map((d) => ({ id: d._id, name: d.name, costCenter: d.costCenter })),
      agents: agents.map((a) => ({
        id: a._id,
        name: a.name,
        model: a.model,
        status: a.status,
        departmentId: a.departmentId ?? null,
        metadata: a.metadata ?? {},
        createdAt: a.createdAt,
      })),
    };
  },
});

/** One page of the tenant's usage rollups (oldest day first). */
export const usagePage = staffQuery({
  args: { slug: v.string(), cursor: v.union(v.string(), v.null()) },
  handler: async (ctx, { slug, cursor }) => {
    const t = await tenantBySlugX(ctx.db, slug);
    const page = await paginateX(
      ctx.db.query("usageRollups").withIndex("by_tenant_day", (q) => q.eq("tenantId", t._id)),
      { cursor, numItems: USAGE_PAGE },
      USAGE_PAGE,
      "",
    );
    // As in ./usageReport.ts: a cursor that lands outside this tenant's rows is a bad cursor.
    if (page.page.some((r) => r.tenantId !== t._id))
      throw appError("INVALID", "This page link no longer matches the list; start again from the first page.", "cursor");
    return {
      rows: page.page.map(({ _id, _creationTime, tenantId, ...r }) => (void _id, void _creationTime, void tenantId, r)),
      cursor: page.continueCursor,
      isDone: page.isDone,
    };
  },
});

const structureArgs = {
  slug: v.string(),
  dryRun: v.boolean(),
  configuration: v.object({ quotaOverrides: quotaOverridesValidator, monthlyBudgetCents: v.union(v.number(), v.null()) }),
  departments: v.array(v.object({ id: v.string(), name: v.string(), costCenter: v.string() })),
  agents: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      model: v.string(),
      status: v.union(v.literal("active"), v.literal("paused")),
      departmentId: v.union(v.string(), v.null()),
      metadata: v.record(v.string(), v.string()),
      createdAt: v.number(),
    }),
  ),
};

type Mapping = { departments: Map<string, string>; agents: Map<string, string> };

/**
 * A source row's id: the exporting deployment's own (Convex ids are letters and digits).
 * Ids become keys of the answered id map and are kept in the agents' metadata, so
 * anything else (control characters, `__proto__`, megabytes) is refused, naming the row.
 */
const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
function sourceIdX(id: string, field: string) {
  if (!SOURCE_ID.test(id))
    throw appError("INVALID", "Each id must be the export's own: 1 to 64 letters, digits, hyphens or underscores.", field);
}
const MAX_METADATA_KEYS = 50;
const MAX_METADATA_VALUE = 1000;

/** The file's rows, checked with the portal's rules before anything is read or written. */
function structureX(args: { departments: { id: string; name: string; costCenter: string }[]; agents: Infer<typeof structureArgs.agents> }) {
  if (args.departments.length > MAX_STRUCTURE || args.agents.length > MAX_STRUCTURE)
    throw appError("INVALID", `An import holds at most ${MAX_STRUCTURE} departments and ${MAX_STRUCTURE} agents.`, "agents");
  for (const [i, d] of args.departments.entries()) {
    sourceIdX(d.id, `departments[${i}].id`);
    const name = departmentNameProblem(d.name);
    if (name) throw appError("INVALID", name, `departments[${i}].name`);
    const costCenter = costCenterProblem(d.costCenter);
    if (costCenter) throw appError("INVALID", costCenter, `departments[${i}].costCenter`);
  }
  for (const [i, a] of args.agents.entries()) {
    sourceIdX(a.id, `agents[${i}].id`);
    if (a.departmentId !== null) sourceIdX(a.departmentId, `agents[${i}].departmentId`);
    const name = agentNameProblem(a.name);
    if (name) throw appError("INVALID", name, `agents[${i}].name`);
    if (!Number.isSafeInteger(a.createdAt) || a.createdAt < 0 || a.createdAt > Date.now() + DAY_MS)
      throw appError("INVALID", "An agent's createdAt must be a time in milliseconds, not in the future.", `agents[${i}].createdAt`);
    const metadata = Object.entries(a.metadata);
    if (metadata.length > MAX_METADATA_KEYS)
      throw appError("INVALID", `An agent's metadata holds at most ${MAX_METADATA_KEYS} entries.`, `agents[${i}].metadata`);
    for (const [key, value] of metadata) {
      const problem =
        key.length < 1 || key.length > 64
          ? "Metadata keys must be 1 to 64 characters."
          : value.length > MAX_METADATA_VALUE
            ? `Metadata values must be at most ${MAX_METADATA_VALUE} characters.`
            : (textProblem(key, "A metadata key") ?? textProblem(value, "A metadata value"));
      if (problem) throw appError("INVALID", problem, `agents[${i}].metadata`);
    }
  }
}

/**
 * Configuration, departments and agents in one transaction; answers what it did (or
 * would do) and the id map the usage batches use.
 */
export const importStructure = staffMutation({
  args: structureArgs,
  handler: async (ctx, args) => {
    const t = await tenantBySlugX(ctx.db, args.slug);
    if (t.status === "deleted") throw appError("CONFLICT", `${t.name} is deleted; restore it before you import into it.`);
    structureX(args);
    const overrides = overridesX(args.configuration.quotaOverrides);
    const problem = budgetCentsProblem(args.configuration.monthlyBudgetCents);
    if (problem) throw appError("INVALID", problem, "configuration.monthlyBudgetCents");
    const before = { quotaOverrides: t.quotaOverrides ?? {}, monthlyBudgetCents: t.monthlyBudgetCents ?? null };
    const configurationChanges =
      JSON.stringify(before) !==
      JSON.stringify({
        quotaOverrides: { ...before.quotaOverrides, ...overrides },
        monthlyBudgetCents: args.configuration.monthlyBudgetCents,
      });
    const map: Mapping = { departments: new Map(), agents: new Map() };
    const counts = {
      departments: { created: 0, existing: 0 },
      agents: { created: 0, existing: 0 },
      configuration: configurationChanges ? "updated" : "unchanged",
    };

    for (const d of args.departments) {
      const found = await ctx.db
        .query("departments")
        .withIndex("by_tenant_name", (q) => q.eq("tenantId", t._id).eq("name", d.name))
        .first();
      if (found) {
        counts.departments.existing++;
        map.departments.set(d.id, found._id);
      } else {
        counts.departments.created++;
        map.departments.set(
          d.id,
          args.dryRun ? `new:${d.id}` : await ctx.db.insert("departments", { tenantId: t._id, name: d.name, costCenter: d.costCenter }),
        );
      }
    }
    const toCreate: typeof args.agents = [];
    for (const [i, a] of args.agents.entries()) {
      if (!isModelId(a.model)) throw appError("INVALID", `Agent "${a.name}" uses an unknown model.`, `agents[${i}].model`);
      const sameName = await ctx.db
        .query("agents")
        .withIndex("by_tenant_name", (q) => q.eq("tenantId", t._id).eq("name", a.name))
        .take(50);
      const found = sameName.find((x) => x.metadata?.migratedFrom === a.id);
      if (found) {
        counts.agents.existing++;
        map.agents.set(a.id, found._id);
      } else toCreate.push(a);
    }
    if (toCreate.length) assertWithinQuota(t, "agents", (await getCounters(ctx.db, t._id)).agents, toCreate.length);
    for (const a of toCreate) {
      counts.agents.created++;
      if (args.dryRun) {
        map.agents.set(a.id, `new:${a.id}`);
        continue;
      }
      const departmentId = a.departmentId ? (map.departments.get(a.departmentId) as Id<"departments"> | undefined) : undefined;
      const agentId = await ctx.db.insert("agents", {
        tenantId: t._id,
        name: a.name,
        model: a.model as Doc<"agents">["model"],
        status: a.status,
        ...(departmentId ? { departmentId } : {}),
        metadata: { ...a.metadata, migratedFrom: a.id },
        createdAt: a.createdAt,
      });
      map.agents.set(a.id, agentId);
    }
    if (!args.dryRun) {
      if (toCreate.length) await bump(ctx.db, t._id, "agents", toCreate.length);
      if (configurationChanges)
        await ctx.db.patch(t._id, {
          quotaOverrides: { ...before.quotaOverrides, ...overrides },
          monthlyBudgetCents: args.configuration.monthlyBudgetCents ?? undefined,
          updatedAt: Date.now(),
        });
      await audit(ctx.db, { tenantId: t._id, actor: ctx.user, action: "tenant.import", target: t.slug, before, after: counts });
    }
    return {
      dryRun: args.dryRun,
      counts,
      map: { departments: Object.fromEntries(map.departments), agents: Object.fromEntries(map.agents) },
    };
  },
});

const rollupValidator = v.object({
  day: v.string(),
  model: modelValidator,
  agentId: v.string(),
  departmentId: v.union(v.string(), v.null()),
  calls: v.number(),
  inputTokens: v.number(),
  outputTokens: v.number(),
  costMicros: v.number(),
  errors: v.number(),
  latencySumMs: v.number(),
  latencyBuckets: v.array(v.number()),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const COUNTS = ["calls", "inputTokens", "outputTokens", "costMicros", "errors"] as const;

/**
 * One usage row's figures, checked before anything is written: the rows feed the
 * Usage page's sums and the platform's counters, so a day that is not a date or a
 * count that is negative, fractional or beyond 2^53 is refused, naming the field.
 */
function rollupX(r: Infer<typeof rollupValidator>, i: number) {
  const at = Date.parse(`${r.day}T00:00:00Z`);
  if (!DAY.test(r.day) || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== r.day || at > Date.now() + DAY_MS)
    throw appError("INVALID", "Use a real date as YYYY-MM-DD, not in the future.", `rows[${i}].day`);
  for (const key of COUNTS)
    if (!Number.isSafeInteger(r[key]) || r[key] < 0)
      throw appError("INVALID", `${key} must be a whole number, zero or more.`, `rows[${i}].${key}`);
  if (r.errors > r.calls) throw appError("INVALID", "errors cannot exceed calls.", `rows[${i}].errors`);
  if (!Number.isFinite(r.latencySumMs) || r.latencySumMs < 0 || r.latencySumMs > Number.MAX_SAFE_INTEGER)
    throw appError("INVALID", "latencySumMs must be a number of milliseconds, zero or more.", `rows[${i}].latencySumMs`);
  if (r.latencyBuckets.length > emptyBuckets().length)
    throw appError("INVALID", `latencyBuckets holds at most ${emptyBuckets().length} counts.`, `rows[${i}].latencyBuckets`);
  if (r.latencyBuckets.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw appError("INVALID", "Each latency bucket must be a whole number, zero or more.", `rows[${i}].latencyBuckets`);
}

/** A batch of usage rows with their ids already mapped by the caller (from importStructure's map); existing keys are skipped. */
export const importUsage = staffMutation({
  args: { slug: v.string(), dryRun: v.boolean(), rows: v.array(rollupValidator) },
  handler: async (ctx, { slug, dryRun, rows }) => {
    if (rows.length > IMPORT_USAGE_BATCH) throw appError("INVALID", `Send at most ${IMPORT_USAGE_BATCH} usage rows at a time.`, "rows");
    rows.forEach(rollupX);
    const t = await tenantBySlugX(ctx.db, slug);
    const byDay = new Map<string, { key: UsageKey; totals: Totals }[]>();
    let created = 0;
    let existing = 0;
    for (const [i, r] of rows.entries()) {
      const agentId = ctx.db.normalizeId("agents", r.agentId);
      const agent = agentId && (await ctx.db.get(agentId));
      if (!agent || agent.tenantId !== t._id) {
        if (dryRun && r.agentId.startsWith("new:")) {
          created++;
          continue;
        }
        throw appError("INVALID", "A usage row names an agent this tenant does not have; import the agents first.", `rows[${i}].agentId`);
      }
      const departmentId = r.departmentId === null ? null : ctx.db.normalizeId("departments", r.departmentId);
      if (r.departmentId !== null && (!departmentId || (await ctx.db.get(departmentId))?.tenantId !== t._id))
        throw appError("INVALID", "A usage row names a department this tenant does not have.", `rows[${i}].departmentId`);
      const found = await ctx.db
        .query("usageRollups")
        .withIndex("by_tenant_key", (q) =>
          q.eq("tenantId", t._id).eq("day", r.day).eq("model", r.model).eq("agentId", agent._id).eq("departmentId", departmentId),
        )
        .unique();
      if (found) {
        existing++;
        continue;
      }
      created++;
      if (dryRun) continue;
      const buckets = emptyBuckets().map((_, b) => r.latencyBuckets[b] ?? 0);
      await ctx.db.insert("usageRollups", { ...r, tenantId: t._id, agentId: agent._id, departmentId, latencyBuckets: buckets });
      const totals = {
        calls: r.calls,
        errors: r.errors,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
        costMicros: r.costMicros,
      };
      (byDay.get(r.day) ?? byDay.set(r.day, []).get(r.day)!).push({ key: { model: r.model, agentId: agent._id, departmentId }, totals });
    }
    if (!dryRun && byDay.size) await recordUsageDays(ctx.db, t._id, byDay);
    return { created, existing };
  },
});
