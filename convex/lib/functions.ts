/**
 * The only module that imports Convex's raw function builders (lint rule in
 * eslint.config.mjs). Everything else defines functions through these doors:
 *
 * - tenantQuery / tenantMutation: take `slug`, declare a `permission`; the
 *   handler gets ctx.tenant, ctx.member, ctx.user and a ctx.db limited to the
 *   tenant by row-level security. Membership and role are read from the
 *   database on every call, so a removed member loses access immediately.
 * - userQuery / userMutation: a signed-in user, no tenant (list my tenants,
 *   create a tenant, accept an invitation).
 * - staffQuery (support or admin) / staffMutation (admin only).
 * - systemMutation / systemQuery: called by the Next server (webhooks, denied
 *   attempt records) with the shared system secret.
 * - internal*: scheduled jobs, crons, seeding.
 */
import { customAction, customCtx, customMutation, customQuery } from "convex-helpers/server/customFunctions";
import { wrapDatabaseReader, wrapDatabaseWriter } from "convex-helpers/server/rowLevelSecurity";
import { Triggers } from "convex-helpers/server/triggers";
import { v } from "convex/values";
import {
  query,
  mutation,
  action,
  internalQuery as rawInternalQuery,
  internalMutation as rawInternalMutation,
  internalAction as rawInternalAction,
} from "../_generated/server";
import type { GenericMutationCtx } from "convex/server";
import type { DataModel } from "../_generated/dataModel";
import type { Permission } from "../../lib/domain/permissions";
import { appError, notFound } from "./errors";
import { getUserX, isStaff, resolveTenantX } from "./access";
import { tenantRules } from "./rls";
import { registerPlatformTriggers } from "./platformStats";
import { registerFileTriggers } from "./files";
import { withMoveHook } from "./moveHook";
import { canWrite, platformTokenX } from "../admin/tokenDoor";

/**
 * Every mutation's writer runs the platform triggers (./platformStats.ts): the
 * admin console's directory and sums follow each change to tenants, counters
 * and rollups, whoever makes it. Row-level security wraps this writer.
 */
const triggers = new Triggers<DataModel>();
registerPlatformTriggers(triggers);
registerFileTriggers(triggers);
// Inside the triggers: what triggers write for a tenant being moved is logged (or frozen) too (./moveHook.ts).
const withTriggers = (ctx: GenericMutationCtx<DataModel>) => triggers.wrapDB({ ...ctx, db: withMoveHook(ctx.db) });

type TenantExtra = { permission: Permission; allowWhenRestricted?: boolean };

export const tenantQuery = customQuery(query, {
  args: { slug: v.string() },
  input: async (ctx, { slug }, extra: TenantExtra) => {
    const { user, tenant, member } = await resolveTenantX(ctx, slug, { permission: extra.permission, write: false, fn: "query" });
    const db = wrapDatabaseReader({ tenantId: tenant._id, db: ctx.db }, ctx.db, tenantRules({ tenantId: tenant._id, db: ctx.db }), {
      defaultPolicy: "deny",
    });
    return { ctx: { db, user, tenant, member }, args: {} };
  },
});

export const tenantMutation = customMutation(mutation, {
  args: { slug: v.string() },
  input: async (rawCtx, { slug }, extra: TenantExtra) => {
    const ctx = withTriggers(rawCtx);
    const { user, tenant, member } = await resolveTenantX(ctx, slug, {
      permission: extra.permission,
      write: true,
      fn: "mutation",
      allowWhenRestricted: extra.allowWhenRestricted,
    });
    const ruleCtx = { tenantId: tenant._id, db: ctx.db };
    const db = wrapDatabaseWriter(ruleCtx, ctx.db, tenantRules(ruleCtx), { defaultPolicy: "deny" });
    return { ctx: { db, user, tenant, member }, args: {} };
  },
});

/** Signed in, directory row not required: provisioning the row itself. */
export const identityMutation = customMutation(
  mutation,
  customCtx(async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    if (!identity) throw appError("UNAUTHENTICATED", "Sign in to continue.");
    return { identity, db: withTriggers(ctx).db };
  }),
);

export const userQuery = customQuery(
  query,
  customCtx(async (ctx) => ({ user: await getUserX(ctx) })),
);

export const userMutation = customMutation(
  mutation,
  customCtx(async (ctx) => ({ user: await getUserX(ctx), db: withTriggers(ctx).db })),
);

/**
 * Staff functions also take `operatorToken`: the admin API (the tenantry CLI) passes a
 * platform token instead of a signed-in identity, and the call runs as the token's
 * owner, read-only unless it is an admin token (convex/admin/tokenDoor.ts).
 */
const staffArgs = { operatorToken: v.optional(v.string()) };

export const staffQuery = customQuery(query, {
  args: staffArgs,
  input: async (ctx, { operatorToken }) => {
    const user = operatorToken ? (await platformTokenX(ctx.db, operatorToken)).user : await getUserX(ctx);
    // Non-staff learn nothing: the admin console answers like a missing page.
    if (!isStaff(user)) throw notFound();
    return { ctx: { user }, args: {} };
  },
});

const READ_ONLY = "Platform support is read-only; an admin must do this.";

export const staffMutation = customMutation(mutation, {
  args: staffArgs,
  input: async (ctx, { operatorToken }) => {
    if (operatorToken) {
      const { token, user } = await platformTokenX(ctx.db, operatorToken);
      if (!canWrite(token, user)) throw appError("FORBIDDEN", READ_ONLY);
      return { ctx: { user, db: withTriggers(ctx).db }, args: {} };
    }
    const user = await getUserX(ctx);
    if (!isStaff(user)) throw notFound();
    if (!isStaff(user, "admin")) throw appError("FORBIDDEN", READ_ONLY);
    return { ctx: { user, db: withTriggers(ctx).db }, args: {} };
  },
});

/** Constant-time comparison: the isolate has no node:crypto. */
function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < Math.max(given.length, expected.length); i++) {
    diff |= (given.charCodeAt(i) || 0) ^ (expected.charCodeAt(i) || 0);
  }
  return diff === 0;
}

function checkSystemSecret(secret: string) {
  const expected = process.env.TENANTRY_SYSTEM_SECRET;
  if (!expected || expected.length < 16 || !sameSecret(secret, expected)) throw appError("UNAUTHENTICATED", "Invalid system secret.");
}

/**
 * `moveHook: false`: the move engine's own functions (convex/platform/moveData.ts) keep the
 * system secret and the triggers but not the move hook (./moveHook.ts), because copying into a
 * target and retiring a source write a moving (or frozen) tenant's rows on purpose, and must
 * not log them as the tenant's writes.
 */
type SystemExtra = { moveHook?: false };

export const systemMutation = customMutation(mutation, {
  args: { secret: v.string() },
  input: async (ctx, { secret }, extra: SystemExtra) => {
    checkSystemSecret(secret);
    return { ctx: { db: extra.moveHook === false ? triggers.wrapDB(ctx).db : withTriggers(ctx).db }, args: {} };
  },
});

export const systemQuery = customQuery(query, {
  args: { secret: v.string() },
  input: async (_ctx, { secret }) => {
    checkSystemSecret(secret);
    return { ctx: {}, args: {} };
  },
});

/**
 * An action called by the Next server with the system secret (vector search runs
 * only in actions). The secret stays in ctx so the action can pass the API-key
 * door (convex/lib/apiDoor.ts) through ctx.runMutation before reading anything.
 */
export const systemAction = customAction(action, {
  args: { secret: v.string() },
  input: async (_ctx, { secret }) => {
    checkSystemSecret(secret);
    return { ctx: { secret }, args: {} };
  },
});

export const internalQuery = rawInternalQuery;
export const internalMutation = customMutation(rawInternalMutation, customCtx(withTriggers));
export const internalAction = rawInternalAction;
