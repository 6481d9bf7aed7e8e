/**
 * Mirrors Clerk's directory into Convex: users, organizations (= tenants) and
 * memberships. Called by POST /api/webhooks/clerk after the Svix signature is
 * verified; each event is stored by id in the same transaction that applies
 * it, so a redelivered event changes nothing.
 */
import { v } from "convex/values";
import type { GenericDatabaseWriter } from "convex/server";
import { systemMutation } from "../lib/functions";
import type { DataModel, Doc } from "../_generated/dataModel";
import { bump } from "../lib/counters";
import { audit } from "../lib/audit";
import { newTenant } from "../lib/newTenant";
import { DELETION_RETENTION_DAYS } from "../../lib/domain/plans";
import { DAY_MS } from "../../lib/domain/time";
import { isRole, isStaffRole, type Role } from "../../lib/domain/permissions";
import { slugProblem, withoutUnsafeText } from "../../lib/domain/validation";

type Db = GenericDatabaseWriter<DataModel>;
type ClerkUser = {
  id: string;
  email_addresses?: { id: string; email_address: string }[];
  primary_email_address_id?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  public_metadata?: { platform_role?: string };
};
type ClerkOrg = { id: string; name: string; slug: string; created_by?: string };
type ClerkMembership = {
  id: string;
  role: string;
  organization: { id: string };
  public_user_data: { user_id: string; identifier?: string };
};

/** Clerk's default roles are org:admin and org:member; custom org:owner / org:viewer map through. */
export function roleFromClerk(role: string): Role {
  const name = role.replace(/^org:/, "");
  return isRole(name) ? name : "member";
}

async function userByExternal(db: Db, externalId: string) {
  return db
    .query("users")
    .withIndex("by_external_id", (q) => q.eq("externalId", externalId))
    .unique();
}

async function upsertUser(db: Db, u: ClerkUser) {
  const email =
    (u.email_addresses?.find((e) => e.id === u.primary_email_address_id) ?? u.email_addresses?.[0])?.email_address?.toLowerCase() ?? "";
  const name = withoutUnsafeText([u.first_name, u.last_name].filter(Boolean).join(" ")).trim() || email;
  const role = u.public_metadata?.platform_role;
  const platformRole = typeof role === "string" && isStaffRole(role) ? role : "none";
  const existing = await userByExternal(db, u.id);
  if (existing) await db.patch(existing._id, { email, name, platformRole });
  else await db.insert("users", { externalId: u.id, email, name, platformRole, createdAt: Date.now() });
}

async function tenantByOrg(db: Db, orgId: string) {
  return db
    .query("tenants")
    .withIndex("by_clerk_org", (q) => q.eq("clerkOrgId", orgId))
    .unique();
}

async function upsertOrg(db: Db, o: ClerkOrg) {
  const tenant = await tenantByOrg(db, o.id);
  const now = Date.now();
  if (tenant) {
    await db.patch(tenant._id, { name: withoutUnsafeText(o.name), updatedAt: now });
    return;
  }
  const bySlug = await db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", o.slug))
    .unique();
  if (bySlug) {
    // The app created the tenant first (onboarding) and Clerk echoes it back: link them.
    await db.patch(bySlug._id, { clerkOrgId: o.id });
    return;
  }
  // The one slug rule (lib/domain/validation.ts): an organization whose slug the app would refuse (reserved, malformed) is not mirrored.
  if (slugProblem(o.slug)) return;
  const creator = o.created_by ? await userByExternal(db, o.created_by) : null;
  await newTenant(db, {
    name: withoutUnsafeText(o.name),
    slug: o.slug,
    plan: "starter",
    clerkOrgId: o.id,
    billingEmail: creator?.email ?? `billing@${o.slug}.invalid`,
    now,
  });
}

async function membershipOf(db: Db, tenant: Doc<"tenants">, user: Doc<"users">) {
  return db
    .query("memberships")
    .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenant._id).eq("userId", user._id))
    .unique();
}

export const apply = systemMutation({
  args: { eventId: v.string(), type: v.string(), data: v.any(), created: v.number() },
  handler: async (ctx, { eventId, type, data, created }) => {
    const seen = await ctx.db
      .query("webhookEvents")
      .withIndex("by_provider_event", (q) => q.eq("provider", "clerk").eq("eventId", eventId))
      .unique();
    if (seen) return { outcome: "duplicate" as const };
    const db = ctx.db;
    let outcome: "processed" | "ignored" = "processed";
    let tenantId: Doc<"tenants">["_id"] | null = null;
    switch (type) {
      case "user.created":
      case "user.updated":
        await upsertUser(db, data as ClerkUser);
        break;
      case "user.deleted": {
        const user = await userByExternal(db, (data as { id: string }).id);
        // Keep the row (audit entries point at it) but strip access: no memberships, no staff role.
        if (user) {
          for (const m of await db
            .query("memberships")
            .withIndex("by_user", (q) => q.eq("userId", user._id))
            .collect()) {
            await db.delete(m._id);
            await bump(db, m.tenantId, "members", -1);
          }
          await db.patch(user._id, { platformRole: "none" });
        }
        break;
      }
      case "organization.created":
      case "organization.updated":
        await upsertOrg(db, data as ClerkOrg);
        tenantId = (await tenantByOrg(db, (data as ClerkOrg).id))?._id ?? null;
        break;
      case "organization.deleted": {
        const tenant = await tenantByOrg(db, (data as { id: string }).id);
        if (tenant && tenant.status !== "deleted") {
          const now = Date.now();
          await db.patch(tenant._id, {
            status: "deleted",
            statusSince: now,
            deletedAt: now,
            hardDeleteAt: now + DELETION_RETENTION_DAYS * DAY_MS,
          });
          await audit(db, { tenantId: tenant._id, actor: null, action: "tenant.delete", after: { via: "clerk" } });
          tenantId = tenant._id;
        }
        break;
      }
      case "organizationMembership.created":
      case "organizationMembership.updated":
      case "organizationMembership.deleted": {
        const m = data as ClerkMembership;
        const tenant = await tenantByOrg(db, m.organization.id);
        const user = await userByExternal(db, m.public_user_data.user_id);
        if (!tenant || !user) {
          outcome = "ignored";
          break;
        }
        tenantId = tenant._id;
        const existing = await membershipOf(db, tenant, user);
        if (type.endsWith("deleted")) {
          if (existing) {
            await db.delete(existing._id);
            await bump(db, tenant._id, "members", -1);
          }
        } else if (existing) await db.patch(existing._id, { role: roleFromClerk(m.role) });
        else {
          await db.insert("memberships", { tenantId: tenant._id, userId: user._id, role: roleFromClerk(m.role), createdAt: Date.now() });
          await bump(db, tenant._id, "members", 1);
        }
        break;
      }
      default:
        outcome = "ignored";
    }
    const now = Date.now();
    await db.insert("webhookEvents", {
      provider: "clerk",
      eventId,
      type,
      tenantId,
      payload: JSON.stringify(data).slice(0, 50_000),
      eventCreated: created,
      receivedAt: now,
      processedAt: now,
      outcome,
    });
    return { outcome };
  },
});
