/**
 * The one way a tenant comes to exist: onboarding, tenants:create, the Clerk
 * mirror, the seed, the bench and the test worlds all call newTenant, so the
 * defaults a new tenant gets (a trial of TRIAL_DAYS from now, placement on
 * shard main, timestamps, its counters row, an owner when there is one) are
 * written once.
 */
import type { GenericDatabaseReader, GenericDatabaseWriter, WithoutSystemFields } from "convex/server";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import { TRIAL_DAYS } from "../../lib/domain/plans";
import { DAY_MS } from "../../lib/domain/time";
import { MAIN_PLACEMENT } from "../../lib/domain/placement";
import { bump, getCounters } from "./counters";

type Db = GenericDatabaseWriter<DataModel>;
type TenantFields = WithoutSystemFields<Doc<"tenants">>;

/** What the caller decides; everything else defaults. A trial without `trialEndsAt` ends TRIAL_DAYS from `now`. */
export type NewTenantInput = Pick<TenantFields, "name" | "slug" | "plan" | "billingEmail"> &
  Partial<Omit<TenantFields, "name" | "slug" | "plan" | "billingEmail">> & {
    /** The creator, made the tenant's owner (membership and the members counter). */
    owner?: Id<"users">;
    /** The creation time (defaults to now); statusSince, createdAt and updatedAt default to it. */
    now?: number;
  };

export async function newTenant(db: Db, input: NewTenantInput): Promise<Id<"tenants">> {
  const { owner, now = Date.now(), ...fields } = input;
  const status = fields.status ?? "trial";
  const tenantId = await db.insert("tenants", {
    statusSince: now,
    ...(status === "trial" ? { trialEndsAt: now + TRIAL_DAYS * DAY_MS } : {}),
    // Shard "main" (the control plane) until routing can reach other placements (docs/scaling.md).
    placement: MAIN_PLACEMENT,
    placementVersion: 1,
    createdAt: now,
    updatedAt: now,
    ...fields,
    status,
  });
  await getCounters(db, tenantId);
  if (owner) {
    await db.insert("memberships", { tenantId, userId: owner, role: "owner", createdAt: now });
    await bump(db, tenantId, "members", 1);
  }
  return tenantId;
}

/** Whether `slug` is in use: by a tenant, or as the old slug of a renamed one (it still redirects its members). */
export async function slugTaken(db: GenericDatabaseReader<DataModel>, slug: string): Promise<boolean> {
  return (
    (await db
      .query("tenants")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .first()) !== null ||
    (await db
      .query("slugRedirects")
      .withIndex("by_slug", (q) => q.eq("slug", slug))
      .first()) !== null
  );
}
