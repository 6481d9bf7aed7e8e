/**
 * The deployment registry on the control plane (issue 20): which deployments
 * exist, and where each tenant lives. Staff read it (console, `tenantry
 * deployment list`, `tenantry tenant placement`); the Next server's provisioner
 * and the move engine write it with the system secret.
 *
 * A placement only changes through setPlacement's compare-and-set, so a move's
 * switch cannot race another move or a stale retry: the caller names the
 * version it read, and a changed version refuses the write.
 */
import { v } from "convex/values";
import { staffQuery, systemMutation, systemQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { tenantBySlugX } from "../admin/bySlug";
import { deploymentKindValidator, deploymentProviderValidator, placementValidator } from "../lib/schema/platform";
import { MAIN_SHARD, formatPlacement, isDeploymentName, placementDeployment, type Placement } from "../../lib/domain/placement";
import { deploymentByName, placementOf, tenantsOn } from "./read";
import type { Doc } from "../_generated/dataModel";

const placementResult = v.object({ placement: placementValidator, version: v.number() });

/** The control plane as shard "main" when no operator registered its row: it always exists. */
function implicitMain() {
  return { name: MAIN_SHARD as string, kind: "shared" as const, url: null, provider: null, status: "ready" as const, createdAt: null };
}

/** Every deployment with the tenants placed on it; main first, then by name. */
export const list = staffQuery({
  args: {},
  handler: async (ctx) => {
    const rows = await ctx.db.query("deployments").withIndex("by_name").take(1_000);
    const entries: {
      name: string;
      kind: Doc<"deployments">["kind"];
      url: string | null;
      provider: Doc<"deployments">["provider"] | null;
      status: Doc<"deployments">["status"];
      createdAt: number | null;
      dedicatedTo: string | null;
      tenants: number;
      tenantsCapped: boolean;
    }[] = [];
    const all = rows.some((r) => r.name === MAIN_SHARD) ? rows : [implicitMain(), ...rows];
    for (const d of all) {
      const { count, capped } = await tenantsOn(ctx.db, d.name, d.kind);
      const owner = "dedicatedTo" in d && d.dedicatedTo ? await ctx.db.get(d.dedicatedTo) : null;
      entries.push({
        name: d.name,
        kind: d.kind,
        url: d.url,
        provider: d.provider,
        status: d.status,
        createdAt: d.createdAt,
        dedicatedTo: owner?.slug ?? null,
        tenants: count,
        tenantsCapped: capped,
      });
    }
    return entries.sort((a, b) => (a.name === MAIN_SHARD ? -1 : b.name === MAIN_SHARD ? 1 : a.name.localeCompare(b.name)));
  },
});

/** Where one tenant lives (by slug, as the CLI names tenants), with its deployment's row when there is one. */
export const tenantPlacement = staffQuery({
  args: { slug: v.string() },
  handler: async (ctx, { slug }) => {
    const tenant = await tenantBySlugX(ctx.db, slug);
    const { placement, version } = placementOf(tenant);
    const name = placementDeployment(placement);
    const row = await deploymentByName(ctx.db, name);
    const d = row ?? (name === MAIN_SHARD ? implicitMain() : null);
    return {
      slug: tenant.slug,
      plan: tenant.plan,
      placement,
      label: formatPlacement(placement),
      version,
      deployment: d ? { name: d.name, kind: d.kind, url: d.url, provider: d.provider, status: d.status } : null,
    };
  },
});

/** A tenant's placement for the Next server (routing, the move engine's read before its switch). */
export const placement = systemQuery({
  args: { tenantId: v.id("tenants") },
  returns: placementResult,
  handler: async (ctx, { tenantId }) => {
    const tenant = await ctx.db.get(tenantId);
    if (!tenant) throw notFound("No such tenant.");
    return placementOf(tenant);
  },
});

/** Why a tenant may not be placed on `p`, or null. The target must exist, be ready and be of the placement's kind. */
async function targetProblem(db: Parameters<typeof deploymentByName>[0], tenant: Doc<"tenants">, p: Placement): Promise<string | null> {
  const name = placementDeployment(p);
  if (!isDeploymentName(name)) return `"${name}" is not a deployment name.`;
  if (p.kind === "shared" && name === MAIN_SHARD) return null;
  const d = await deploymentByName(db, name);
  if (!d) return `No deployment is named "${name}".`;
  if (d.status !== "ready") return `Deployment "${name}" is ${d.status}, not ready.`;
  if (d.kind !== p.kind) return `Deployment "${name}" is ${d.kind}, not ${p.kind}.`;
  if (d.kind === "dedicated" && d.dedicatedTo !== tenant._id) return `Deployment "${name}" is dedicated to another tenant.`;
  return null;
}

/**
 * Flips a tenant's placement atomically: only if its version is still
 * `expectedVersion` (CONFLICT otherwise, with nothing written). A switch
 * whose answer was lost and is retried gets CONFLICT, never a second bump; it
 * reads `placement` and finds its target there at expectedVersion + 1.
 */
export const setPlacement = systemMutation({
  args: { tenantId: v.id("tenants"), placement: placementValidator, expectedVersion: v.number() },
  returns: placementResult,
  handler: async (ctx, { tenantId, placement, expectedVersion }) => {
    const tenant = await ctx.db.get(tenantId);
    if (!tenant) throw notFound("No such tenant.");
    const current = placementOf(tenant);
    if (current.version !== expectedVersion) {
      throw appError(
        "CONFLICT",
        `The placement of ${tenant.slug} is at version ${current.version} (${formatPlacement(current.placement)}), not ${expectedVersion}.`,
      );
    }
    const problem = await targetProblem(ctx.db, tenant, placement);
    if (problem) throw appError("INVALID", problem, "placement");
    const version = current.version + 1;
    await ctx.db.patch(tenantId, { placement, placementVersion: version, updatedAt: Date.now() });
    await audit(ctx.db, {
      tenantId,
      actor: "placement",
      action: "tenant.placement.set",
      before: { placement: formatPlacement(current.placement), version: current.version },
      after: { placement: formatPlacement(placement), version },
    });
    return { placement, version };
  },
});

/**
 * Records a deployment (the provisioner calls it before starting one, with
 * status provisioning, and again with ready once it answers). Idempotent for
 * the same name, kind and tenant, so a provisioner that crashed can resume; a
 * retired name is never reused (its data dir may still hold the old copy).
 */
export const registerDeployment = systemMutation({
  args: {
    name: v.string(),
    kind: deploymentKindValidator,
    url: v.string(),
    provider: deploymentProviderValidator,
    dedicatedTo: v.optional(v.id("tenants")),
    status: v.union(v.literal("provisioning"), v.literal("ready")),
  },
  handler: async (ctx, args) => {
    if (!isDeploymentName(args.name)) throw appError("INVALID", `"${args.name}" is not a deployment name.`, "name");
    if ((args.kind === "dedicated") !== (args.dedicatedTo !== undefined))
      throw appError("INVALID", "A dedicated deployment names its tenant; a shared one names none.", "dedicatedTo");
    if (args.dedicatedTo && !(await ctx.db.get(args.dedicatedTo))) throw notFound("No such tenant.");
    if (!/^https?:\/\/[^\s]+$/.test(args.url)) throw appError("INVALID", "The URL must be http(s).", "url");
    const now = Date.now();
    const existing = await deploymentByName(ctx.db, args.name);
    if (existing) {
      if (existing.status === "retired") throw appError("CONFLICT", `Deployment "${args.name}" was retired; choose another name.`);
      if (existing.kind !== args.kind || existing.dedicatedTo !== args.dedicatedTo)
        throw appError("CONFLICT", `Deployment "${args.name}" is already registered for something else.`);
      // Ready never goes back to provisioning: a late retry of the first call must not hide a live deployment.
      const status = existing.status === "ready" ? "ready" : args.status;
      await ctx.db.patch(existing._id, { url: args.url, provider: args.provider, status, updatedAt: now });
      return existing._id;
    }
    const id = await ctx.db.insert("deployments", {
      name: args.name,
      kind: args.kind,
      url: args.url,
      provider: args.provider,
      ...(args.dedicatedTo ? { dedicatedTo: args.dedicatedTo } : {}),
      status: args.status,
      createdAt: now,
      updatedAt: now,
    });
    await audit(ctx.db, {
      tenantId: args.dedicatedTo ?? null,
      actor: "placement",
      action: "deployment.registered",
      target: args.name,
      after: { kind: args.kind, url: args.url, provider: args.provider },
    });
    return id;
  },
});

/** Retires a deployment no tenant is placed on any more. Its data is left where it is (the move engine's retention). */
export const retireDeployment = systemMutation({
  args: { name: v.string() },
  handler: async (ctx, { name }) => {
    if (name === MAIN_SHARD) throw appError("INVALID", "The control plane cannot be retired.", "name");
    const d = await deploymentByName(ctx.db, name);
    if (!d) throw notFound(`No deployment is named "${name}".`);
    if (d.status === "retired") return;
    const { count } = await tenantsOn(ctx.db, name, d.kind);
    if (count > 0) throw appError("CONFLICT", `${count} tenant(s) still live on "${name}"; move them first.`);
    const now = Date.now();
    await ctx.db.patch(d._id, { status: "retired", retiredAt: now, updatedAt: now });
    await audit(ctx.db, { tenantId: d.dedicatedTo ?? null, actor: "placement", action: "deployment.retired", target: name });
  },
});
