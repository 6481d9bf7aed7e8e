import "server-only";
import { api } from "@/convex/_generated/api";
import { readObject } from "./body";
import { FieldError } from "./input";
import type { Handler } from "./tenants";
import { ok } from "./respond";

/**
 * The migration endpoints behind `tenantry export --tenant` and `tenantry import`: a
 * snapshot of a tenant's structure, its usage history page by page, and the two import
 * steps (structure, then usage batches with ids mapped). Convex checks every value.
 */
const IMPORT_BODY_MAX = 1024 * 1024;

/** GET tenants/:slug/migration: departments, agents and configuration, with ids. */
export const snapshot: Handler = async (op, _request, slug) => ok(await op.query(api.admin.migrate.snapshot, { slug }));

/** GET tenants/:slug/migration/usage?cursor=: one page of usage rollups. */
export const usagePage: Handler = async (op, request, slug) =>
  ok(await op.query(api.admin.migrate.usagePage, { slug, cursor: new URL(request.url).searchParams.get("cursor") }));

const dryRunOf = (body: Record<string, unknown>) => {
  const dryRun = body.dryRun ?? false;
  if (typeof dryRun !== "boolean") throw new FieldError("dryRun must be true or false.", "dryRun");
  return dryRun;
};

/** POST tenants/:slug/migration/structure { dryRun, configuration, departments, agents }: answers counts and the id map. */
export const importStructure: Handler = async (op, request, slug) => {
  const body = await readObject(request, IMPORT_BODY_MAX);
  if (!body.ok) return body.response;
  const b = body.value;
  for (const f of ["configuration", "departments", "agents"])
    if (b[f] === undefined || b[f] === null) throw new FieldError(`${f} is required.`, f);
  return ok(
    await op.mutation(api.admin.migrate.importStructure, {
      slug,
      dryRun: dryRunOf(b),
      configuration: b.configuration as never,
      departments: b.departments as never,
      agents: b.agents as never,
    }),
  );
};

/** POST tenants/:slug/migration/usage { dryRun, rows }: up to 500 rows, ids already mapped. */
export const importUsage: Handler = async (op, request, slug) => {
  const body = await readObject(request, IMPORT_BODY_MAX);
  if (!body.ok) return body.response;
  if (!Array.isArray(body.value.rows)) throw new FieldError("rows must be an array.", "rows");
  return ok(await op.mutation(api.admin.migrate.importUsage, { slug, dryRun: dryRunOf(body.value), rows: body.value.rows as never }));
};
