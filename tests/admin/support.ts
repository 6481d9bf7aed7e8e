/**
 * convex-local for the admin console's tests: the real convex/ folder on a
 * scratch data dir, seeded by the real internal mutations (so the platform
 * triggers see every write), called through the real client as demo users.
 */
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import type { ConvexLocalHandle } from "../../lib/local/convex/index";
import { startProjectBackend } from "../support/convex-local";
import { DEMO_USERS, localUserId } from "../../lib/local/identity/directory";
import type { Doc } from "../../convex/_generated/dataModel";

export const SYSTEM_SECRET = "admin-test-system-secret-0123456789abcdef";
export const STAFF = "staff@tenantry.test";
export const SUPPORT = "support@tenantry.test";
export const OWNER = "owner@acme.test";

export type Local = ConvexLocalHandle & { dispose(): Promise<void> };

export async function startLocal(label: string, opts: { demo?: boolean; usageDays?: number } = {}): Promise<Local> {
  const t = await startProjectBackend(`admin-${label}`, { secret: SYSTEM_SECRET });
  const users = DEMO_USERS.map((u) => ({
    externalId: localUserId(u.email),
    email: u.email,
    name: u.name,
    platformRole: u.platformRole ?? "none",
  }));
  if (opts.demo !== false) {
    await t.mutation(makeFunctionReference<"mutation">("dev/seed:base"), { users });
    for (const slug of ["acme", "globex"]) {
      for (let d = (opts.usageDays ?? 3) - 1; d >= 0; d--)
        await t.mutation(makeFunctionReference<"mutation">("dev/seed:usageDay"), { slug, daysAgo: d });
    }
  } else {
    await t.mutation(makeFunctionReference<"mutation">("dev/seed:base"), { users: users.filter((u) => u.platformRole !== "none") });
  }
  return t;
}

/** A handle acting as the demo user with this email (as the app's sign-in would). */
export const as = (t: ConvexLocalHandle, email: string) => t.withIdentity({ subject: localUserId(email), email, name: email });

export type Outcome = { ok: true; value: any } | { ok: false; code: string; message: string; field?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Calls a function by name and never throws: refusals become data. */
export async function call(
  t: ConvexLocalHandle,
  kind: "query" | "mutation",
  name: string,
  args: Record<string, Value> = {},
): Promise<Outcome> {
  try {
    const ref = makeFunctionReference<typeof kind>(name);
    return { ok: true, value: kind === "query" ? await t.query(ref, args) : await t.mutation(ref, args) };
  } catch (e) {
    const err = e as Error & { data?: { code?: string; message?: string; field?: string } };
    const data = typeof err.data === "object" && err.data ? err.data : null;
    return { ok: false, code: data?.code ?? "ERROR", message: data?.message ?? err.message, ...(data?.field ? { field: data.field } : {}) };
  }
}

/** The value of a call that must succeed. */
export async function ok(t: ConvexLocalHandle, kind: "query" | "mutation", name: string, args: Record<string, Value> = {}) {
  const o = await call(t, kind, name, args);
  if (!o.ok) throw new Error(`${name} failed: ${o.code} ${o.message}`);
  return o.value;
}

export async function tenantBySlug(t: ConvexLocalHandle, slug: string) {
  return t.query(async (ctx) =>
    ctx.db
      .query("tenants")
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .withIndex("by_slug", (q: any) => q.eq("slug", slug))
      .unique(),
  );
}

type Scan = {
  tenants: Doc<"tenants">[];
  counters: Doc<"tenantCounters">[];
  directory: Doc<"tenantDirectory">[];
  platform: Doc<"platformCounters">[];
  rollups: Doc<"usageRollups">[];
};

/** Everything the platform aggregates are derived from, recomputed by scanning (tests only). */
export async function scanPlatform(t: ConvexLocalHandle): Promise<Scan> {
  return t.query(async (ctx) => ({
    tenants: await ctx.db.query("tenants").collect(),
    counters: await ctx.db.query("tenantCounters").collect(),
    directory: await ctx.db.query("tenantDirectory").collect(),
    platform: await ctx.db.query("platformCounters").collect(),
    rollups: await ctx.db.query("usageRollups").collect(),
  }));
}
