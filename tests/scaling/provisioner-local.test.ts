/**
 * The local provisioner with real processes: a dedicated deployment is a
 * convex-local child serving the project's convex/ code with the system
 * secret, under DATA/deployments/NAME; stopped and provisioned again it comes
 * back on the same URL with its data.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { afterAll, expect, it } from "vitest";
import { deploymentNameX } from "../../lib/domain/placement";
import { provisionDeployment } from "../../lib/server/scaling/provisioner";
import { deploymentDir, localProvisioner } from "../../lib/server/scaling/provisioner-local";

const SECRET = "local-provisioner-test-secret-0123456789";
const root = path.resolve(import.meta.dirname, "..", "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-provision-"));
const name = deploymentNameX("t-acme");
const started: ReturnType<typeof localProvisioner>[] = [];
const make = () => {
  const p = localProvisioner({ dataDir, root, env: { TENANTRY_SYSTEM_SECRET: SECRET }, startTimeoutMs: 120_000 });
  started.push(p);
  return p;
};
afterAll(async () => {
  for (const p of started) await p.stop(name);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const system = (url: string, fn: string, args: Record<string, unknown>, secret = SECRET) =>
  new ConvexHttpClient(url).mutation(makeFunctionReference<"mutation">(`platform/registry:${fn}`), { ...args, secret } as never).then(
    (value) => ({ ok: true as const, value }),
    (e: Error & { data?: { code?: string } }) => ({ ok: false as const, code: e.data?.code ?? e.message }),
  );

it("starts a convex-local deployment with the app's code and secret, and restarts it on the same URL with its data", async () => {
  const registered: { status: string; url: string }[] = [];
  const first = make();
  const out = await provisionDeployment(first, async (row) => void registered.push(row), { name, kind: "dedicated", tenantId: "k17acme" });
  expect(out.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(registered.map((r) => [r.status, r.url])).toEqual([
    ["provisioning", out.url],
    ["ready", out.url],
  ]);
  expect(fs.existsSync(path.join(deploymentDir(dataDir, name), "convex", "convex.sqlite3"))).toBe(true);
  expect(first.running()).toEqual([name]);

  // The project's functions answer there, behind the same system door.
  expect(await system(out.url, "retireDeployment", { name: "probe" }, "wrong-secret-wrong-secret-0000")).toEqual({
    ok: false,
    code: "UNAUTHENTICATED",
  });
  expect(await system(out.url, "retireDeployment", { name: "probe" })).toEqual({ ok: false, code: "NOT_FOUND" });
  const probe = { name: "probe", kind: "shared", url: "http://127.0.0.1:1", provider: "local", status: "ready" };
  expect((await system(out.url, "registerDeployment", probe)).ok).toBe(true);

  await first.stop(name);
  expect(first.running()).toEqual([]);
  const again = await provisionDeployment(make(), async () => {}, { name, kind: "dedicated", tenantId: "k17acme" });
  expect(again.url).toBe(out.url);
  // The row written before the restart is still there: retiring it succeeds instead of NOT_FOUND.
  expect(await system(out.url, "retireDeployment", { name: "probe" })).toEqual({ ok: true, value: null });
}, 240_000);
