/**
 * The portal's notification center: what the signed-in person sees in this
 * workspace (kinds whose audience includes their role and that they keep in-app),
 * read state per person, and their per-topic preferences.
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { pageSizeX } from "../lib/paging";
import type { DataModel, Doc, Id } from "../_generated/dataModel";
import {
  CATEGORIES,
  isNotificationKind,
  kindSpec,
  topicsFor,
  wants,
  type Category,
  type Preferences,
} from "../../lib/domain/notifications/kinds";
import type { Role } from "../../lib/domain/permissions";

type Reader = GenericDatabaseReader<DataModel>;
/** The center looks this far back; older notifications are history, not news. */
const WINDOW = 300;

async function prefsRow(db: Reader, tenantId: Id<"tenants">, userId: Id<"users">) {
  return db
    .query("notificationPrefs")
    .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenantId).eq("userId", userId))
    .unique();
}

function categoryOf(kind: string): Category {
  return isNotificationKind(kind) ? kindSpec(kind).category : "workspace";
}

/** Whether this person sees this notification: their role is in its audience and they keep its kind in-app. */
function visible(n: Doc<"notifications">, role: Role, prefs: Preferences | undefined): boolean {
  if (n.audience && !n.audience.includes(role)) return false;
  return !isNotificationKind(n.kind) || wants(prefs, n.kind, "inApp");
}

async function mine(db: Reader, tenantId: Id<"tenants">, userId: Id<"users">, role: Role) {
  const prefs = await prefsRow(db, tenantId, userId);
  const rows = await db
    .query("notifications")
    .withIndex("by_tenant_created", (q) => q.eq("tenantId", tenantId))
    .order("desc")
    .take(WINDOW);
  const seen = rows.filter((n) => visible(n, role, prefs?.topics));
  const readAllBefore = prefs?.readAllBefore ?? 0;
  const unreadIds = seen.filter((n) => n.createdAt > readAllBefore && n.readAt === undefined).map((n) => n._id);
  const reads = new Set<string>();
  for (const id of unreadIds) {
    const read = await db
      .query("notificationReads")
      .withIndex("by_tenant_user_notification", (q) => q.eq("tenantId", tenantId).eq("userId", userId).eq("notificationId", id))
      .unique();
    if (read) reads.add(id);
  }
  const unread = new Set(unreadIds.filter((id) => !reads.has(id)));
  return seen.map((n) => ({
    id: n._id,
    kind: n.kind,
    category: categoryOf(n.kind),
    title: n.title ?? (isNotificationKind(n.kind) ? kindSpec(n.kind).title : "Notice"),
    message: n.message,
    link: n.link ?? (isNotificationKind(n.kind) ? kindSpec(n.kind).link : ""),
    createdAt: n.createdAt,
    read: !unread.has(n._id),
  }));
}

const categoryValidator = v.union(...CATEGORIES.map((c) => v.literal(c)));

/** This person's notifications, newest first; `unread` and `category` narrow the list. */
export const list = tenantQuery({
  args: { unread: v.optional(v.boolean()), category: v.optional(categoryValidator), limit: v.optional(v.number()) },
  permission: "tenant.read",
  handler: async (ctx, args) => {
    const n = pageSizeX(args.limit, 200, 50, "limit");
    const all = await mine(ctx.db, ctx.tenant._id, ctx.user._id, ctx.member.role);
    return all.filter((x) => (!args.unread || !x.read) && (!args.category || x.category === args.category)).slice(0, n);
  },
});

/** The bell's number, live through the subscription. */
export const unreadCount = tenantQuery({
  args: {},
  permission: "tenant.read",
  handler: async (ctx) => (await mine(ctx.db, ctx.tenant._id, ctx.user._id, ctx.member.role)).filter((x) => !x.read).length,
});

export const markRead = tenantMutation({
  args: { notificationId: v.string() },
  permission: "tenant.read",
  allowWhenRestricted: true,
  handler: async (ctx, { notificationId }) => {
    const id = ctx.db.normalizeId("notifications", notificationId);
    const row = id ? await ctx.db.get(id) : null;
    if (!row || row.tenantId !== ctx.tenant._id || !visible(row, ctx.member.role, undefined)) throw notFound("No such notification.");
    const existing = await ctx.db
      .query("notificationReads")
      .withIndex("by_tenant_user_notification", (q) =>
        q.eq("tenantId", ctx.tenant._id).eq("userId", ctx.user._id).eq("notificationId", row._id),
      )
      .unique();
    if (!existing)
      await ctx.db.insert("notificationReads", {
        tenantId: ctx.tenant._id,
        userId: ctx.user._id,
        notificationId: row._id,
        readAt: Date.now(),
      });
    return null;
  },
});

export const markAllRead = tenantMutation({
  args: {},
  permission: "tenant.read",
  allowWhenRestricted: true,
  handler: async (ctx) => {
    const now = Date.now();
    const row = await prefsRow(ctx.db, ctx.tenant._id, ctx.user._id);
    if (row) await ctx.db.patch(row._id, { readAllBefore: now, updatedAt: now });
    else
      await ctx.db.insert("notificationPrefs", {
        tenantId: ctx.tenant._id,
        userId: ctx.user._id,
        topics: {},
        readAllBefore: now,
        updatedAt: now,
      });
    return null;
  },
});

/** The topics this person's role receives, with their current choices. */
export const preferences = tenantQuery({
  args: {},
  permission: "tenant.read",
  handler: async (ctx) => {
    const row = await prefsRow(ctx.db, ctx.tenant._id, ctx.user._id);
    return topicsFor(ctx.member.role).map((t) => ({
      topic: t.topic,
      label: t.label,
      required: t.required,
      inApp: t.required ? t.defaults.inApp : (row?.topics[t.topic]?.inApp ?? t.defaults.inApp),
      email: t.required ? t.defaults.email : (row?.topics[t.topic]?.email ?? t.defaults.email),
    }));
  },
});

export const setPreference = tenantMutation({
  args: { topic: v.string(), channel: v.union(v.literal("inApp"), v.literal("email")), enabled: v.boolean() },
  permission: "tenant.read",
  allowWhenRestricted: true,
  handler: async (ctx, { topic, channel, enabled }) => {
    const known = topicsFor(ctx.member.role).find((t) => t.topic === topic);
    if (!known) throw appError("INVALID", `No notification topic "${topic}" for your role.`, "topic");
    if (known.required)
      throw appError("INVALID", `${known.label} notifications are required for billing and cannot be switched off.`, "topic");
    const now = Date.now();
    const row = await prefsRow(ctx.db, ctx.tenant._id, ctx.user._id);
    const topics = { ...(row?.topics ?? {}), [topic]: { ...(row?.topics[topic] ?? {}), [channel]: enabled } };
    if (row) await ctx.db.patch(row._id, { topics, updatedAt: now });
    else
      await ctx.db.insert("notificationPrefs", {
        tenantId: ctx.tenant._id,
        userId: ctx.user._id,
        topics,
        readAllBefore: 0,
        updatedAt: now,
      });
    return null;
  },
});
