/**
 * New tenants placed by the policy (issue 20, `npm start -- --shards N`): a tenant created on the
 * control plane (A) by onboarding is moved to the shard the consistent hash picks, before its owner
 * opens it. Two convex-local deployments (a third process per shard would only slow this 2-core
 * machine): A and shard-1 (S), registered as a ready shared shard; the hash's choice between two
 * shards is checked on the policy alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { api } from "../../convex/_generated/api";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { localUserId } from "../../lib/local/identity/directory";
import { deploymentAt, type Deployment } from "../../lib/server/scaling/move/runner";
import { newTenantShards, placeNewTenant } from "../../lib/server/scaling/place-new";
import { choosePlacement, shardSet } from "../../lib/domain/placement";

const SECRET = "place-new-test-system-secret-0123456789ab";
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = (kind: "query" | "mutation", name: string) => makeFunctionReference<typeof kind>(name);
const EMAIL = "founder@new.test";

let A: ProjectBackend;
let S: ProjectBackend;
const founder = (t: ProjectBackend) => t.withIdentity({ subject: localUserId(EMAIL), email: EMAIL, name: "Founder" });
function env() {
  const clients = new Map<string, Deployment>();
  const at = (url: string) => clients.get(url) ?? clients.set(url, deploymentAt(url, SECRET)).get(url)!;
  return { control: at(A.url), at };
}
const membershipsOf = (t: ProjectBackend, slug: string) =>
  t.run(async (ctx) => {
    const tenant = await ctx.db
      .query("tenants")
      .withIndex("by_slug", (q: IndexRange) => q.eq("slug", slug))
      .unique();
    if (!tenant) return null;
    return (
      await ctx.db
        .query("memberships")
        .withIndex("by_tenant_user", (q: IndexRange) => q.eq("tenantId", tenant._id))
        .collect()
    ).length;
  });

beforeAll(async () => {
  A = await startProjectBackend("place-new-a", { secret: SECRET });
  S = await startProjectBackend("place-new-s", { secret: SECRET });
  await A.mutation(ref("mutation", "platform/registry:registerDeployment"), {
    secret: SECRET,
    name: "shard-1",
    kind: "shared",
    url: S.url,
    provider: "local",
    status: "ready",
  });
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await S?.dispose();
});

describe("new tenants placed on a shard by the policy", () => {
  it("without shards nothing moves", async () => {
    expect(newTenantShards(undefined)).toEqual([]);
    expect(newTenantShards(" shard-1, shard-2 ,")).toEqual(["shard-1", "shard-2"]);
    expect(await placeNewTenant(env(), "anything", [])).toBeNull();
  });

  it("a tenant made by onboarding on the control plane ends on the hashed shard, owner and agent with it, none left on A", async () => {
    await founder(A).mutation(api.account.users.ensureMe, {});
    await founder(A).mutation(api.portal.onboarding.create, {
      name: "Newco",
      slug: "newco",
      plan: "starter",
      start: { kind: "agent", name: "First Agent", model: "claude-haiku-4-5" },
    });
    const placed = await placeNewTenant(env(), "newco", ["shard-1"]);
    expect(placed).toEqual({ kind: "shared", shard: "shard-1" });
    const route = await A.query(ref("query", "platform/routing:route"), { secret: SECRET, slug: "newco" });
    expect(route).toMatchObject({ deployment: "shard-1", url: S.url, version: 2 });
    // The owner opens it on the shard (the door there: their users row and membership came with the move).
    expect(await founder(S).query(api.account.tenants.getBySlug, { slug: "newco" })).toMatchObject({ slug: "newco", role: "owner" });
    expect(
      JSON.stringify(
        await founder(S).query(api.portal.agents.list, { slug: "newco", paginationOpts: { numItems: 10, cursor: null } } as never),
      ),
    ).toContain("First Agent");
    expect(await membershipsOf(S, "newco")).toBe(1);
    expect(await membershipsOf(A, "newco")).toBe(0);
    // A second call is a no-op: already placed.
    await expect(placeNewTenant(env(), "newco", ["shard-1"])).rejects.toThrow(/already on shared:shard-1/);
  }, 120_000);

  it("over two shards the choice is the policy's consistent hash of the tenant id", () => {
    const shards = shardSet(["shard-1", "shard-2"]);
    const picks = new Set(
      Array.from({ length: 50 }, (_, i) => choosePlacement({ tenant: { id: `id${i}`, slug: `t${i}`, plan: "pro" }, shards }).placement),
    );
    expect([...picks].map((p) => (p.kind === "shared" ? p.shard : "")).sort()).toEqual(expect.arrayContaining(["shard-1", "shard-2"]));
  });
});
