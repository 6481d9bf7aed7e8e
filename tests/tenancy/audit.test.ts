/**
 * audit:tenancy: clean on the real convex/ tree, and on a small bad tree it
 * reports every kind of finding exactly where the fixture says (each bad line
 * carries `// expect: <kind>`), and nothing on the good lines.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditTenancy } from "../../scripts/audit-tenancy";
import { AUDIT_FIXTURE } from "./support/audit-fixture";

const run = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/audit-tenancy.ts", ...args], { encoding: "utf8" });
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "audit-fixture-"));
  for (const [file, text] of Object.entries(AUDIT_FIXTURE)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("passes on the real convex/ tree", () => {
  const r = run();
  expect(r.stdout.trim().split("\n").at(-1), r.stdout).toBe("audit:tenancy: 0 findings");
  expect(r.status).toBe(0);
});

it("reports each kind of finding on the bad fixture, at the marked lines only", async () => {
  const expected = Object.entries(AUDIT_FIXTURE).flatMap(([file, text]) =>
    text.split("\n").flatMap((line, i) => [...line.matchAll(/expect: ([a-z-]+)/g)].map((m) => `${file}:${i + 1} ${m[1]}`)),
  );
  const findings = await auditTenancy(dir, { "bad:gone agents": "a read that was removed" });
  const got = findings
    .filter((f) => f.kind !== "stale-allow")
    .map((f) => `${path.relative(dir, path.resolve(f.file))}:${f.line} ${f.kind}`);
  expect(got.sort()).toEqual(expected.sort());
  expect(findings.filter((f) => f.kind === "stale-allow").map((f) => f.message)).toEqual([
    'ALLOW entry "bad:gone agents" matches no read; remove it',
  ]);
  const kinds = new Set(findings.map((f) => f.kind));
  for (const k of [
    "raw-builder",
    "missing-permission",
    "index-order",
    "missing-tenant-id",
    "unlisted-table",
    "unwrapped-read",
    "unscoped-index",
    "filter-without-index",
    "full-scan",
  ])
    expect(kinds).toContain(k);
});

it("exits non-zero with file:line findings from the command line", () => {
  const r = run(dir);
  expect(r.status).toBe(1);
  expect(r.stdout).toMatch(/bad\.ts:\d+: \[raw-builder\] /);
  expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^audit:tenancy: \d+ findings$/);
});
