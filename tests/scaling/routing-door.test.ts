/**
 * The door on a placement (issue 20): a tenant's memberships and its members' users rows live on
 * its placement, and the app's tenancy port (lib/server/tenancy.ts) asks there. Two convex-local
 * deployments: A is the control plane, B a dedicated deployment holding acme (seeded there, as a
 * completed move leaves it: acme's memberships removed from A). The gateway's `asUser(token, url)`
 * is stood in by each deployment's own identity (the token here is the person's email); routing,
 * the registry and the system door are the real ones.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeFunctionReference } from "convex/server";
import { api } from "../../convex/_generated/api";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { localUserId } from "../../lib/local/identity/directory";
import { demoUsers, placeDedicated, rawId } from "./support/deployments";

const SECRET = "routing-door-test-system-secret-0123456789";
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = (kind: "query" | "mutation", name: string) => makeFunctionReference<typeof kind>(name);

let A: ProjectBackend;
let B: ProjectBackend;
let signedIn = "member@acme.test";

const as = (url: string, email: string) => {
  const t = [A, B].find((x) => x.url === url);
  if (!t) throw new Error(`no test deployment at ${url}`);
  return t.withIdentity({ subject: localUserId(email), email, name: email });
};
vi.mock("@/lib/server/auth", () => ({ getConvexToken: async () => signedIn }));
vi.mock("@/lib/server/convex/gateway", async (original) => {
  const real = await original<typeof import("../../lib/server/convex/gateway")>();
  return {
    ...real,
    // The person behind the token, on the deployment the caller names (every call of tenancy.ts names one).
    asUser: (token: string, url: string) => ({
      query: (r: never, a: never) => as(url, token).query(r, a),
      mutation: (r: never, a: never) => as(url, token).mutation(r, a),
    }),
  };
});
const tenancy = () => import("../../lib/server/tenancy");

/** As a move does: the portal call goes where the router says (the gateway's tenantRouter). */
async function portal<T>(email: string, slug: string, run: (t: ReturnType<typeof as>) => Promise<T>): Promise<T> {
  const { tenantRouter } = await import("../../lib/server/convex/gateway");
  return tenantRouter().routed(slug, (url) => run(as(url, email)));
}

beforeAll(async () => {
  A = await startProjectBackend("routing-door-a", { secret: SECRET });
  B = await startProjectBackend("routing-door-b", { secret: SECRET });
  delete process.env.NEXT_PUBLIC_CONVEX_URL;
  Object.assign(process.env, { CONVEX_LOCAL_URL: A.url, TENANTRY_SYSTEM_SECRET: SECRET });
  const users = demoUsers();
  await A.mutation(ref("mutation", "dev/seed:base"), { users });
  await B.mutation(ref("mutation", "dev/seed:base"), { users });
  const onB = await rawId(B, "acme");
  await B.run(async (ctx) => ctx.db.patch(onB, { name: "Acme on B" }));
  // B holds only acme's members (a placement knows its tenants' members); A keeps no acme membership.
  await B.run(async (ctx) => {
    const keep = new Set(
      (
        await ctx.db
          .query("memberships")
          .withIndex("by_tenant_user", (q: IndexRange) => q.eq("tenantId", onB))
          .collect()
      ).map((m: { userId: string }) => m.userId),
    );
    for (const m of await ctx.db.query("memberships").collect()) if (m.tenantId !== onB) await ctx.db.delete(m._id);
    for (const u of await ctx.db.query("users").collect()) if (!keep.has(u._id)) await ctx.db.delete(u._id);
  });
  const acme = await rawId(A, "acme");
  await A.run(async (ctx) => {
    for (const m of await ctx.db
      .query("memberships")
      .withIndex("by_tenant_user", (q: IndexRange) => q.eq("tenantId", acme))
      .collect())
      await ctx.db.delete(m._id);
  });
  await placeDedicated(A.url, SECRET, B.url, "acme", "t-acme");
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

describe("the door on a placement", () => {
  it("a member opens the tenant on its placement, and their tenant list holds it once, from there", async () => {
    signedIn = "member@acme.test";
    const { getTenantForUser, listTenantsForUser } = await tenancy();
    expect(await getTenantForUser("acme")).toMatchObject({ name: "Acme on B", role: "member", convexUrl: B.url });
    expect((await listTenantsForUser()).filter((t) => t.slug === "acme")).toEqual([expect.objectContaining({ name: "Acme on B" })]);
    // The portal's queries and mutations run there as the member (reads) and the owner (writes).
    const members = await portal("member@acme.test", "acme", (t) => t.query(api.portal.team.members, { slug: "acme" }));
    expect(JSON.stringify(members)).toContain("member@acme.test");
    await portal("owner@acme.test", "acme", (t) =>
      t.mutation(api.portal.departments.create, { slug: "acme", name: "Door", costCenter: "CC-3001" }),
    );
  });

  it("a person the placement does not know gets the stranger's 404 (null), not an error, and their list has the control plane's tenants", async () => {
    signedIn = "owner@globex.test";
    const { getTenantForUser, listTenantsForUser } = await tenancy();
    expect(await getTenantForUser("acme")).toBeNull();
    expect((await listTenantsForUser()).map((t) => t.slug)).toEqual(["globex"]);
  });

  it("removing a member on the placement revokes their access there on their very next call", async () => {
    signedIn = "viewer@acme.test";
    const { getTenantForUser, listTenantsForUser } = await tenancy();
    expect(await getTenantForUser("acme")).toMatchObject({ role: "viewer" });
    const members = await portal("owner@acme.test", "acme", (t) => t.query(api.portal.team.members, { slug: "acme" }));
    const viewer = members.find((m: { email: string }) => m.email === "viewer@acme.test")!;
    await portal("owner@acme.test", "acme", (t) => t.mutation(api.portal.team.remove, { slug: "acme", membershipId: viewer._id }));
    expect(await getTenantForUser("acme")).toBeNull();
    const refused = await portal("viewer@acme.test", "acme", (t) => t.query(api.portal.team.members, { slug: "acme" })).then(
      () => null,
      (e: { data?: { code?: string } }) => e.data?.code,
    );
    expect(refused).toBe("NOT_FOUND");
    expect((await listTenantsForUser()).map((t) => t.slug)).not.toContain("acme");
  });
});
