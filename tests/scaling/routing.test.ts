/**
 * Routing a tenant's calls to its placement (issue 20), through two real convex-local
 * deployments: A is the control plane (shard main), B a dedicated deployment registered on
 * A. acme is seeded on B directly and placed there with registry:setPlacement; the router
 * reads routes from A with the system secret (the gateway's own lookup) and the calls run
 * on whichever deployment it names, as the tenant's owner (the tenant door).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConvexError } from "convex/values";
import { makeFunctionReference } from "convex/server";
import { api } from "../../convex/_generated/api";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { localUserId } from "../../lib/local/identity/directory";
import { demoUsers, placeDedicated, rawId } from "./support/deployments";
import { routeLookup } from "../../lib/server/convex/gateway";
import { createTenantRouter, type RouteRecord } from "../../lib/server/scaling/routing";
import { appErrorOf } from "../../lib/domain/errors";

const SECRET = "routing-test-system-secret-0123456789abcdef";
const OWNER = "owner@acme.test";
type IndexRange = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const ref = (kind: "query" | "mutation", name: string) => makeFunctionReference<typeof kind>(name);

let A: ProjectBackend;
let B: ProjectBackend;

const at = (url: string, email = OWNER) => {
  const t = [A, B].find((x) => x.url === url);
  if (!t) throw new Error(`no test deployment at ${url}`);
  return t.withIdentity({ subject: localUserId(email), email, name: email });
};
/** The router as the gateway builds it, counting its control-plane lookups. */
function router(ttlMs = 60_000) {
  const lookup = routeLookup(A.url, SECRET);
  let lookups = 0;
  const r = createTenantRouter({
    controlUrl: A.url,
    ttlMs,
    lookup: (slug) => {
      lookups++;
      return lookup(slug);
    },
  });
  return Object.assign(r, { lookups: () => lookups });
}
const nameOn = (url: string, slug: string, email = OWNER) => at(url, email).query(api.account.tenants.getBySlug, { slug });
async function departmentsOn(t: ProjectBackend, slug: string): Promise<string[]> {
  const id = await rawId(t, slug);
  return t.run(async (ctx) =>
    (
      await ctx.db
        .query("departments")
        .withIndex("by_tenant_name", (q: IndexRange) => q.eq("tenantId", id))
        .collect()
    ).map((d: { name: string }) => d.name),
  );
}

beforeAll(async () => {
  A = await startProjectBackend("routing-a", { secret: SECRET });
  B = await startProjectBackend("routing-b", { secret: SECRET });
  const users = demoUsers();
  // Both deployments get the demo tenants; B's acme is told apart by its name, so every answer says where it came from.
  await A.mutation(ref("mutation", "dev/seed:base"), { users });
  await B.mutation(ref("mutation", "dev/seed:base"), { users });
  const onB = await rawId(B, "acme");
  await B.run(async (ctx) => ctx.db.patch(onB, { name: "Acme on B" }));
  await placeDedicated(A.url, SECRET, B.url, "acme", "t-acme");
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

describe("routing tenant calls by placement", () => {
  it("a tenant on main resolves to the control plane, with one lookup per TTL whatever the number of calls", async () => {
    const r = router();
    for (let i = 0; i < 50; i++)
      expect((await r.routed("globex", (url) => nameOn(url, "globex", "owner@globex.test"))).name).toBe("Globex Corporation");
    const route = await r.resolve("globex");
    expect(route).toMatchObject({ url: A.url, deployment: "main", version: 1 });
    expect(r.lookups()).toBe(1);
    // Concurrent misses share the one lookup.
    const fresh = router();
    await Promise.all(Array.from({ length: 10 }, () => fresh.resolve("initech")));
    expect(fresh.lookups()).toBe(1);
  });

  it("a tenant placed on B is routed to B: reads and writes land there and nowhere else", async () => {
    const r = router();
    expect(await r.resolve("acme")).toMatchObject({ url: B.url, deployment: "t-acme", version: 2 });
    expect((await r.routed("acme", (url) => nameOn(url, "acme"))).name).toBe("Acme on B");
    await r.routed("acme", (url) =>
      at(url).mutation(api.portal.departments.create, { slug: "acme", name: "Routed", costCenter: "CC-2001" }),
    );
    expect(await departmentsOn(B, "acme")).toContain("Routed");
    expect(await departmentsOn(A, "acme")).not.toContain("Routed");
    expect(r.lookups()).toBe(1);
  });

  it("an unknown slug goes to the control plane and its NOT_FOUND stands, after one re-read", async () => {
    const r = router();
    let runs = 0;
    const failure = await r
      .routed("no-such-tenant", (url) => {
        runs++;
        return nameOn(url, "no-such-tenant");
      })
      .then(
        (v) => v,
        (e: unknown) => e,
      );
    // getBySlug answers null or NOT_FOUND for a stranger; either way nothing is retried.
    if (failure !== null) expect(appErrorOf(failure)?.code).toBe("NOT_FOUND");
    expect(runs).toBe(1);
    expect((await r.resolve("no-such-tenant")).url).toBe(A.url);
  });

  it("after a placement flip, the old deployment's NOT_FOUND re-resolves once and the call (a mutation) applies once, on the new one", async () => {
    const r = router(); // a 60 s TTL: only the invalidation can show the flip
    expect((await r.resolve("acme")).url).toBe(B.url);
    // The move back to A completes: the placement flips (version 3) and B drops the tenant.
    const acme = await rawId(A, "acme");
    await A.mutation(ref("mutation", "platform/registry:setPlacement"), {
      secret: SECRET,
      tenantId: acme,
      placement: { kind: "shared", shard: "main" },
      expectedVersion: 2,
    });
    const onB = await rawId(B, "acme");
    await B.run(async (ctx) => {
      for (const m of await ctx.db
        .query("memberships")
        .withIndex("by_tenant_role", (q: IndexRange) => q.eq("tenantId", onB))
        .collect())
        await ctx.db.delete(m._id);
      await ctx.db.delete(onB);
    });
    const tried: string[] = [];
    await r.routed("acme", (url) => {
      tried.push(url);
      return at(url).mutation(api.portal.departments.create, { slug: "acme", name: "After flip", costCenter: "CC-2002" });
    });
    expect(tried).toEqual([B.url, A.url]);
    expect(await departmentsOn(A, "acme")).toEqual(expect.arrayContaining(["After flip"]));
    expect((await departmentsOn(A, "acme")).filter((n) => n === "After flip")).toHaveLength(1);
    expect(await r.resolve("acme")).toMatchObject({ url: A.url, version: 3 });
    expect(r.lookups()).toBe(2);
  });

  it("a call refused by a move's freeze waits for the flip, then runs once on the new deployment; a freeze that outlasts the wait stands", async () => {
    let version = 4;
    const routes = (): RouteRecord => ({
      placement: { kind: "shared", shard: "main" },
      version,
      deployment: version === 4 ? "main" : "t-x",
      url: version === 4 ? "http://old" : "http://new",
      usable: true,
    });
    const slept: number[] = [];
    const r = createTenantRouter({
      controlUrl: "http://old",
      lookup: async () => routes(),
      sleep: async (ms) => {
        slept.push(ms);
        if (slept.length === 2) version = 5; // the switch lands while the call waits
      },
    });
    const moving = new ConvexError({ code: "TENANT_MOVING", message: "moving" });
    const tried: string[] = [];
    const value = await r.routed("x", async (url) => {
      tried.push(url);
      if (url === "http://old") throw moving;
      return "done";
    });
    expect(value).toBe("done");
    expect(tried).toEqual(["http://old", "http://new"]);
    expect(slept).toEqual([100, 200]);

    const stuck = createTenantRouter({
      controlUrl: "http://old",
      lookup: async (): Promise<RouteRecord> => ({
        placement: { kind: "shared", shard: "main" },
        version: 9,
        deployment: "main",
        url: "http://old",
        usable: true,
      }),
      sleep: async () => {},
    });
    await expect(stuck.routed("y", async () => Promise.reject(moving))).rejects.toBe(moving);
  });
});
