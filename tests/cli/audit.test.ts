// `tenantry audit queries --missing-tenant-filter`: the tenancy audit's findings and exit code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditTenancy } from "../../scripts/audit-tenancy";
import { AUDIT_FIXTURE } from "../tenancy/support/audit-fixture";
import { run } from "../../cli/run";
import type { IO } from "../../cli/io";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-audit-"));
  for (const [file, text] of Object.entries(AUDIT_FIXTURE)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function tenantry(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const io: IO = {
    fetch: () => Promise.reject(new Error("the audit calls no API")),
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    env: {},
    isTTY: false,
    prompt: () => Promise.reject(new Error("no terminal")),
  };
  return { code: await run(argv, io), stdout, stderr };
}

it("is clean on the real convex/ tree (exit 0)", async () => {
  const r = await tenantry(["audit", "queries", "--missing-tenant-filter"]);
  expect(r.code, r.stdout).toBe(0);
  expect(r.stdout.trim().split("\n").at(-1)).toBe("audit:tenancy: 0 findings");
}, 60_000);

it("reports the audit's own findings on a bad tree and exits 1", async () => {
  const r = await tenantry(["audit", "queries", "--missing-tenant-filter", "--dir", dir, "--json"]);
  expect(r.code).toBe(1);
  const expected = await auditTenancy(dir);
  expect(expected.length).toBeGreaterThan(0);
  expect(JSON.parse(r.stdout)).toEqual({ findings: expected, count: expected.length });
}, 60_000);
