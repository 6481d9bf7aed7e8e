/**
 * `tenantry tenant migrate` and `migrate-status` end to end: the real CLI through the admin API
 * handlers (tests/cli/harness.ts), which run the move in this process with the system secret
 * against two convex-local deployments: acme to a dedicated deployment and back, then the
 * reverse completed. Support tokens may read the status but not move anything.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeFunctionReference } from "convex/server";
import { startLocal, SYSTEM_SECRET, type Local } from "../admin/support";
import { startProjectBackend, type ProjectBackend } from "../support/convex-local";
import { cli, TOKENS } from "../cli/harness";

let A: Local;
let B: ProjectBackend;
let tenantry: ReturnType<typeof cli>;

beforeAll(async () => {
  A = await startLocal("move-cli", { usageDays: 2 });
  B = await startProjectBackend("move-cli-b", { secret: SYSTEM_SECRET });
  // The admin API handler reads lib/server/env.ts on first use: the control plane is A.
  Object.assign(process.env, { CONVEX_LOCAL_URL: A.url, TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET });
  const acme = await A.query(makeFunctionReference<"query">("platform/moveData:tenant"), { secret: SYSTEM_SECRET, slug: "acme" });
  await A.mutation(makeFunctionReference<"mutation">("platform/registry:registerDeployment"), {
    secret: SYSTEM_SECRET,
    name: "t-acme",
    kind: "dedicated",
    url: B.url,
    provider: "local",
    dedicatedTo: acme._id,
    status: "ready",
  });
  tenantry = cli(A);
}, 120_000);

afterAll(async () => {
  await A?.dispose();
  await B?.dispose();
});

it("moves acme to dedicated and back through the CLI, showing each move's phase, progress and freeze", async () => {
  expect((await tenantry(["tenant", "migrate-status", "acme"])).stdout).toContain("acme has never been moved.");

  const refused = await tenantry(["tenant", "migrate", "acme", "--to", "dedicated"], TOKENS.support);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/read-only|FORBIDDEN/i);
  const nowhere = await tenantry(["tenant", "migrate", "acme", "--to", "dedicated:nowhere"]);
  expect(nowhere.code).not.toBe(0);
  expect(nowhere.stderr).toContain('No deployment is named "nowhere"');
  expect((await tenantry(["tenant", "migrate", "acme"])).code).not.toBe(0);

  const moved = await tenantry(["tenant", "migrate", "acme", "--to", "dedicated", "--wait", "--json"]);
  expect(moved.code, moved.stderr).toBe(0);
  expect(moved.json()).toMatchObject({
    from: "shared:main",
    to: "dedicated:t-acme",
    phase: "switched",
    status: "switched",
    verifyOk: true,
  });
  expect(moved.json().copiedRows).toBeGreaterThan(100);
  expect((await tenantry(["tenant", "placement", "acme", "--json"])).json()).toMatchObject({ label: "dedicated:t-acme" });

  const status = await tenantry(["tenant", "migrate-status", "acme"], TOKENS.support);
  expect(status.code).toBe(0);
  expect(status.stdout).toContain("shared:main -> dedicated:t-acme");
  expect(status.stdout).toMatch(/\d+ ms/);

  const back = await tenantry(["tenant", "migrate", "acme", "--reverse", "--wait", "--json"]);
  expect(back.code, back.stderr).toBe(0);
  expect(back.json()).toMatchObject({ from: "dedicated:t-acme", to: "shared:main", status: "switched" });
  const done = await tenantry(["tenant", "migrate", "acme", "--complete", "--wait", "--json"]);
  expect(done.code, done.stderr).toBe(0);
  expect(done.json()).toMatchObject({ status: "done", phase: "done" });

  const all = (await tenantry(["tenant", "migrate-status", "acme", "--json"])).json().moves;
  expect(all.map((m: { status: string }) => m.status)).toEqual(["done", "reversed"]);
  expect((await tenantry(["tenant", "placement", "acme", "--json"])).json()).toMatchObject({ label: "shared:main" });
}, 300_000);
