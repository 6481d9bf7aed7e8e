"use server";

import { requireSession } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import { getTenantForUser } from "@/lib/server/tenancy";
import { tenantRouter } from "@/lib/server/convex/gateway";
import { deploymentAt, type Deployment } from "./move/runner";
import { newTenantShards, placeNewTenant } from "./place-new";

/** A tenant this young, never placed before (version 1 on the control plane), is the only kind this action moves. */
const NEW_FOR_MS = 10 * 60_000;

/**
 * Onboarding, right after the tenant was created: places it on a shard by the policy when `npm start`
 * runs shards (place-new.ts), before the creator opens its pages. Only its owner may ask, and only for
 * a tenant just created and never placed (a server action is a public endpoint: it must not let an
 * owner move an existing tenant). Without shards it does nothing.
 */
export async function placeNewTenantAction(slug: string): Promise<{ ok: true; placed: string | null } | { ok: false; message: string }> {
  await requireSession();
  const shards = newTenantShards();
  const { convex, systemSecret } = getEnv();
  if (shards.length === 0 || !systemSecret) return { ok: true, placed: null };
  const tenant = await getTenantForUser(slug);
  if (!tenant || tenant.role !== "owner") return { ok: false, message: "Only the workspace's owner can do this." };
  const clients = new Map<string, Deployment>();
  const at = (url: string) => clients.get(url) ?? clients.set(url, deploymentAt(url, systemSecret)).get(url)!;
  const env = { control: at(convex.url), at };
  const row = (await env.control.query("platform/moveData:tenant", { slug })) as { _id: string; _creationTime: number } | null;
  if (!row || Date.now() - row._creationTime > NEW_FOR_MS) return { ok: true, placed: null };
  const { version } = (await env.control.query("platform/registry:placement", { tenantId: row._id })) as { version: number };
  if (version !== 1) return { ok: true, placed: null };
  try {
    const placed = await placeNewTenant(env, slug, shards);
    tenantRouter().invalidate(slug);
    return { ok: true, placed: placed ? `${placed.kind}:${placed.kind === "shared" ? placed.shard : placed.deployment}` : null };
  } catch (error) {
    // The tenant works where it is (the control plane); the move's record says where it stopped.
    console.error(
      JSON.stringify({ event: "new_tenant_placement_failed", slug, error: error instanceof Error ? error.message : String(error) }),
    );
    return { ok: true, placed: null };
  }
}
