/** Staff functions of the admin API name a tenant by its slug, as the CLI does. */
import type { GenericDatabaseReader } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import { notFound } from "../lib/errors";

/** The tenant with this slug (soft-deleted ones included: staff still see them), or NOT_FOUND. */
export async function tenantBySlugX(db: GenericDatabaseReader<DataModel>, slug: string): Promise<Doc<"tenants">> {
  const tenant = await db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique();
  if (!tenant) throw notFound("No tenant has that slug.");
  return tenant;
}
