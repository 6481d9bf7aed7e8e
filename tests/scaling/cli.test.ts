// `tenantry deployment list` and `tenantry tenant placement` end to end through the admin API handlers on convex-local.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { startLocal, SYSTEM_SECRET, tenantBySlug, type Local } from "../admin/support";
import { cli, TOKENS } from "../cli/harness";

let t: Local;
let tenantry: ReturnType<typeof cli>;
const system = (name: string, args: Record<string, unknown>) =>
  t.mutation(makeFunctionReference<"mutation">(`platform/registry:${name}`), { ...args, secret: SYSTEM_SECRET } as never);

beforeAll(async () => {
  t = await startLocal("scaling-cli", { usageDays: 1 });
  tenantry = cli(t);
  const acme = (await tenantBySlug(t, "acme"))!;
  await system("registerDeployment", {
    name: "t-acme",
    kind: "dedicated",
    url: "http://127.0.0.1:3411",
    provider: "local",
    dedicatedTo: acme._id,
    status: "ready",
  });
  await system("registerDeployment", {
    name: "shard-2",
    kind: "shared",
    url: "http://127.0.0.1:3412",
    provider: "local",
    status: "provisioning",
  });
  await system("setPlacement", { tenantId: acme._id, placement: { kind: "dedicated", deployment: "t-acme" }, expectedVersion: 1 });
}, 120_000);
afterAll(async () => t?.dispose());

describe("deployment list", () => {
  it("prints every deployment with its tenants, main (the control plane) first; --json is the API's answer", async () => {
    const r = await tenantry(["deployment", "list", "--json"], TOKENS.support);
    expect(r.code, r.stderr).toBe(0);
    const names = r.json().deployments.map((d: { name: string; tenants: number; status: string }) => [d.name, d.status, d.tenants]);
    expect(names[0][0]).toBe("main");
    expect(names.slice(1)).toEqual([
      ["shard-2", "provisioning", 0],
      ["t-acme", "ready", 1],
    ]);
    const table = await tenantry(["deployment", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/main\s+│\s+shared\s+│\s+ready\s+│\s+\d+\s+│\s+-\s+│\s+\(control plane\)/);
    expect(table.stdout).toMatch(/t-acme\s+│\s+dedicated\s+│\s+ready\s+│\s+1\s+│\s+acme\s+│\s+local\s+│\s+http:\/\/127\.0\.0\.1:3411/);
  });

  it("a tenant owner is refused like a missing endpoint would be (exit 1, NOT_FOUND)", async () => {
    const r = await tenantry(["deployment", "list", "--json"], TOKENS.owner);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("NOT_FOUND");
  });

  it("--help has examples", async () => {
    const r = await tenantry(["deployment", "list", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("$ tenantry deployment list --json");
  });
});

describe("tenant placement", () => {
  it("shows where a tenant lives", async () => {
    const acme = await tenantry(["tenant", "placement", "acme"], TOKENS.support);
    expect(acme.code, acme.stderr).toBe(0);
    expect(acme.stdout).toMatch(/Placement:\s+dedicated:t-acme/);
    expect(acme.stdout).toMatch(/Version:\s+2/);
    expect(acme.stdout).toMatch(/URL:\s+http:\/\/127\.0\.0\.1:3411/);
    const globex = await tenantry(["tenant", "placement", "globex", "--json"]);
    expect(globex.json()).toMatchObject({
      slug: "globex",
      placement: { kind: "shared", shard: "main" },
      label: "shared:main",
      deployment: { name: "main", url: null },
    });
  });

  it("an unknown tenant exits 1 with NOT_FOUND; a missing slug is a usage error (exit 2)", async () => {
    const missing = await tenantry(["tenant", "placement", "nope", "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json().error.code).toBe("NOT_FOUND");
    expect((await tenantry(["tenant", "placement"])).code).toBe(2);
  });
});
