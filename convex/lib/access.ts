/**
 * Who is calling, and what they may reach: identity -> user -> membership ->
 * tenant. Every wrapper in functions.ts is built from these small steps.
 * Anything that fails the tenant check answers NOT_FOUND, exactly like a
 * tenant that does not exist.
 */
import type { GenericDatabaseReader, Auth } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";
import { appError, notFound } from "./errors";
import { can, isStaff as isStaffRole, type Permission, type Role, type StaffRole } from "../../lib/domain/permissions";
import { restrictionMessage, statusAllows } from "../../lib/domain/tenant-status";

type Reader = { db: GenericDatabaseReader<DataModel>; auth: Auth };
export type Member = {
  userId: Doc<"users">["_id"];
  role: Role;
  /** Staff reading a tenant they don't belong to ("view as tenant"). */ viaStaff: boolean;
};

/** The signed-in user's directory row, or null (signed out, or not provisioned yet). */
export async function getUser(ctx: Reader): Promise<Doc<"users"> | null> {
  const identity = await ctx.auth.getUserIdentity();
  if (!identity) return null;
  return ctx.db
    .query("users")
    .withIndex("by_external_id", (q) => q.eq("externalId", identity.subject))
    .unique();
}

export async function getUserX(ctx: Reader): Promise<Doc<"users">> {
  const user = await getUser(ctx);
  if (!user) throw appError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}

/** The user row's platform role, judged by the one staff rule (lib/domain/permissions). */
export function isStaff(user: Doc<"users">, minimum: StaffRole = "support"): boolean {
  return isStaffRole(user.platformRole, minimum);
}

/** One structured line per refused attempt: queries cannot write, so logs are the record. */
export function logDenied(user: Doc<"users"> | null, slug: string, fn: string, reason: string) {
  console.warn(
    JSON.stringify({ event: "tenant_access_denied", actor: user?.email ?? "anonymous", tenant: slug, fn, reason, at: Date.now() }),
  );
}

/**
 * The tenant behind `slug` and the caller's membership in it. Deleted tenants
 * are invisible here (staff restore goes through staff functions).
 */
export async function getTenantAccess(
  ctx: Reader,
  user: Doc<"users">,
  slug: string,
): Promise<{ tenant: Doc<"tenants">; member: Member } | null> {
  const tenant = await ctx.db
    .query("tenants")
    .withIndex("by_slug", (q) => q.eq("slug", slug))
    .unique();
  if (!tenant || tenant.status === "deleted") return null;
  const membership = await ctx.db
    .query("memberships")
    .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenant._id).eq("userId", user._id))
    .unique();
  if (membership) return { tenant, member: { userId: user._id, role: membership.role, viaStaff: false } };
  // "View as tenant": staff read every page an owner reads (billing, settings, API keys included), and
  // checkAccess refuses every write for viaStaff, whatever the role allows. Secrets a read would show an
  // owner (a webhook endpoint's signing secret) are withheld from viaStaff where they are read.
  if (isStaff(user)) return { tenant, member: { userId: user._id, role: "owner", viaStaff: true } };
  return null;
}

export type AccessOptions = {
  permission: Permission;
  write: boolean;
  fn: string;
  /** e.g. billing during past_due */ allowWhenRestricted?: boolean;
};

/** Checks role and tenant status for one call; throws the error the caller should see. */
export function checkAccess(tenant: Doc<"tenants">, member: Member, opts: AccessOptions) {
  if (!can(member.role, opts.permission)) {
    throw appError("FORBIDDEN", `Your role (${member.role}) does not allow this. Ask an owner or admin.`);
  }
  if (opts.write && member.viaStaff) {
    throw appError("FORBIDDEN", "Viewing as tenant is read-only.");
  }
  // The rules per status live in lib/domain/tenant-status.ts, shared with the portal's banner and buttons.
  const rules = statusAllows(tenant.status);
  if (opts.write && !(opts.allowWhenRestricted ? rules.billing : rules.changes)) {
    throw appError("TENANT_SUSPENDED", restrictionMessage(tenant.status) ?? "This workspace cannot be changed.");
  }
}

export async function resolveTenantX(ctx: Reader, slug: string, opts: AccessOptions) {
  const user = await getUser(ctx);
  if (!user) {
    logDenied(null, slug, opts.fn, "signed out");
    throw notFound();
  }
  const access = await getTenantAccess(ctx, user, slug);
  if (!access) {
    logDenied(user, slug, opts.fn, "not a member or no such tenant");
    throw notFound();
  }
  checkAccess(access.tenant, access.member, opts);
  return { user, ...access };
}
