/**
 * The deployment registry on convex-local: the placement migration, the
 * compare-and-set that flips a placement, the checks on the target deployment,
 * and what staff read (counts, a tenant's placement).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, call, ok, OWNER, STAFF, startLocal, SUPPORT, SYSTEM_SECRET, tenantBySlug, type Local } from "../admin/support";
import { runMigrations } from "../../scripts/seed";
import type { Ctx } from "../tenancy/support/world";
import { systemConvex } from "../../lib/server/convex/gateway";
import { registryWriter } from "../../lib/server/scaling/provisioner-registry";

let t: Local & { dataDir?: string };
let acme: { _id: string };
let globex: { _id: string };
const sys = (name: string, args: Record<string, unknown>) =>
  call(t, "mutation", `platform/registry:${name}`, { ...args, secret: SYSTEM_SECRET } as never);
const placementOf = async (tenantId: string) =>
  ok(t, "query", "platform/registry:placement", { tenantId, secret: SYSTEM_SECRET }) as Promise<{ placement: unknown; version: number }>;

beforeAll(async () => {
  t = await startLocal("scaling-registry", { usageDays: 1 });
  acme = (await tenantBySlug(t, "acme"))!;
  globex = (await tenantBySlug(t, "globex"))!;
}, 120_000);
afterAll(async () => t?.dispose());

describe("placement migration", () => {
  it("new tenants start on shard main at version 1", async () => {
    expect(await placementOf(acme._id)).toEqual({ placement: { kind: "shared", shard: "main" }, version: 1 });
  });

  it("places a legacy row on main, removes `deployment`, and leaves a placed tenant alone", async () => {
    const legacy = await t.run((ctx: Ctx) =>
      ctx.db.insert("tenants", {
        name: "Legacy",
        slug: "legacy",
        plan: "starter",
        status: "active",
        statusSince: 1,
        billingEmail: "billing@legacy.test",
        deployment: { kind: "shared" },
        createdAt: 1,
        updatedAt: 1,
      }),
    );
    // A legacy row reads as main at version 0 before the migration reaches it.
    expect(await placementOf(legacy)).toEqual({ placement: { kind: "shared", shard: "main" }, version: 0 });
    await t.run((ctx: Ctx) => ctx.db.patch(globex._id as never, { placementVersion: 7 }));
    expect(await runMigrations({ url: t.url, dataDir: t.dataDir!, log: () => {} })).toEqual([]);
    const row = await t.run((ctx: Ctx) => ctx.db.get(legacy));
    expect(row).toMatchObject({ placement: { kind: "shared", shard: "main" }, placementVersion: 1 });
    expect(row).not.toHaveProperty("deployment");
    expect((await placementOf(globex._id)).version).toBe(7);
  }, 60_000);
});

describe("setPlacement and the registry", () => {
  const dedicated = { kind: "dedicated", deployment: "t-acme" } as const;
  const main = { kind: "shared", shard: "main" } as const;

  it("refuses a target that is not registered, not ready, or someone else's", async () => {
    expect(await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 1 })).toMatchObject({
      code: "INVALID",
      message: 'No deployment is named "t-acme".',
    });
    const registered = await sys("registerDeployment", {
      name: "t-acme",
      kind: "dedicated",
      url: "http://127.0.0.1:3999",
      provider: "local",
      dedicatedTo: acme._id,
      status: "provisioning",
    });
    expect(registered.ok).toBe(true);
    expect(await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 1 })).toMatchObject({
      code: "INVALID",
      message: 'Deployment "t-acme" is provisioning, not ready.',
    });
    await sys("registerDeployment", {
      name: "t-acme",
      kind: "dedicated",
      url: "http://127.0.0.1:3999",
      provider: "local",
      dedicatedTo: acme._id,
      status: "ready",
    });
    expect(await sys("setPlacement", { tenantId: globex._id, placement: dedicated, expectedVersion: 7 })).toMatchObject({
      code: "INVALID",
      message: 'Deployment "t-acme" is dedicated to another tenant.',
    });
    expect(
      await sys("setPlacement", { tenantId: acme._id, placement: { kind: "shared", shard: "t-acme" }, expectedVersion: 1 }),
    ).toMatchObject({ code: "INVALID", message: 'Deployment "t-acme" is dedicated, not shared.' });
  });

  it("flips only at the expected version; a replayed switch gets CONFLICT and nothing is bumped twice", async () => {
    expect(await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 0 })).toMatchObject({ code: "CONFLICT" });
    expect(await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 1 })).toEqual({
      ok: true,
      value: { placement: dedicated, version: 2 },
    });
    expect(await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 1 })).toMatchObject({
      code: "CONFLICT",
      message: "The placement of acme is at version 2 (dedicated:t-acme), not 1.",
    });
    expect(await placementOf(acme._id)).toEqual({ placement: dedicated, version: 2 });
  });

  it("two switches racing from the same version: exactly one wins", async () => {
    const [a, b] = await Promise.all([
      sys("setPlacement", { tenantId: acme._id, placement: main, expectedVersion: 2 }),
      sys("setPlacement", { tenantId: acme._id, placement: main, expectedVersion: 2 }),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await placementOf(acme._id)).toEqual({ placement: main, version: 3 });
    // Back on the dedicated deployment for the staff views below.
    expect((await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 3 })).ok).toBe(true);
  });

  it("staff see every deployment with its tenants, and where a tenant lives", async () => {
    const list = await ok(as(t, SUPPORT), "query", "platform/registry:list");
    const tenants = await t.run(async (ctx: Ctx) => (await ctx.db.query("tenants").collect()).length);
    expect(list).toEqual([
      expect.objectContaining({ name: "main", kind: "shared", status: "ready", url: null, tenants: tenants - 1, tenantsCapped: false }),
      expect.objectContaining({ name: "t-acme", kind: "dedicated", status: "ready", dedicatedTo: "acme", tenants: 1, provider: "local" }),
    ]);
    expect(await ok(as(t, STAFF), "query", "platform/registry:tenantPlacement", { slug: "acme" })).toMatchObject({
      slug: "acme",
      label: "dedicated:t-acme",
      version: 4,
      deployment: { name: "t-acme", url: "http://127.0.0.1:3999", status: "ready" },
    });
    expect(await call(as(t, OWNER), "query", "platform/registry:tenantPlacement", { slug: "acme" })).toMatchObject({ code: "NOT_FOUND" });
  });

  it("retires a deployment only once no tenant lives there, and never reuses a retired name", async () => {
    expect(await sys("retireDeployment", { name: "t-acme" })).toMatchObject({ code: "CONFLICT" });
    expect(await sys("retireDeployment", { name: "main" })).toMatchObject({ code: "INVALID" });
    expect((await sys("setPlacement", { tenantId: acme._id, placement: main, expectedVersion: 4 })).ok).toBe(true);
    expect((await sys("retireDeployment", { name: "t-acme" })).ok).toBe(true);
    expect(
      await sys("registerDeployment", {
        name: "t-acme",
        kind: "dedicated",
        url: "http://127.0.0.1:3999",
        provider: "local",
        dedicatedTo: acme._id,
        status: "ready",
      }),
    ).toMatchObject({ code: "CONFLICT" });
    expect(await sys("setPlacement", { tenantId: acme._id, placement: dedicated, expectedVersion: 5 })).toMatchObject({
      code: "INVALID",
      message: 'Deployment "t-acme" is retired, not ready.',
    });
  });

  it("refuses a malformed registration", async () => {
    const base = { name: "shard-2", kind: "shared", url: "http://127.0.0.1:3998", provider: "local", status: "ready" };
    expect(await sys("registerDeployment", { ...base, name: "Shard 2" })).toMatchObject({ code: "INVALID", field: "name" });
    expect(await sys("registerDeployment", { ...base, dedicatedTo: acme._id })).toMatchObject({ code: "INVALID", field: "dedicatedTo" });
    expect(await sys("registerDeployment", { ...base, url: "javascript:alert(1)" })).toMatchObject({ code: "INVALID", field: "url" });
  });

  it("the provisioner's writer records through the system door (a wrong secret is refused)", async () => {
    const row = {
      name: "shard-3",
      kind: "shared" as const,
      url: "http://127.0.0.1:3997",
      provider: "local" as const,
      status: "ready" as const,
    };
    await expect(registryWriter(systemConvex(t.url, "wrong-secret-wrong-secret-0000"))(row)).rejects.toThrow(/Invalid system secret/);
    await registryWriter(systemConvex(t.url, SYSTEM_SECRET))(row);
    const list = await ok(as(t, SUPPORT), "query", "platform/registry:list");
    expect(list.map((d: { name: string }) => d.name)).toContain("shard-3");
  });
});
