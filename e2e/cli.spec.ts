// Issue 16: the real `tenantry` binary, run as an operator runs it, against the production build in local mode:
// every command once on its happy path, the refusals an operator meets, and platform tokens made in the console.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures/test";

type Run = { code: number | null; stdout: string; stderr: string };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-cli-e2e-"));
const BIN = path.resolve("bin/tenantry.mjs");
const SLUG = `cli-corp-${process.pid}`;
const COPY = `cli-copy-${process.pid}`;

/** One `tenantry` process with its own config file (one per operator), NO_COLOR, nothing from the shell's TENANTRY_*. */
function tenantry(baseURL: string, config: string, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { TENANTRY_TOKEN: _ignored, ...inherited } = process.env;
    const env = { ...inherited, TENANTRY_URL: baseURL, TENANTRY_CONFIG: path.join(dir, config), NO_COLOR: "1" };
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: dir });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}
function ok(r: Run): Run {
  expect(r.code, r.stderr || r.stdout).toBe(0);
  return r;
}
const json = <T = Record<string, unknown>>(r: Run) => JSON.parse(ok(r).stdout) as T;

test.describe.configure({ mode: "serial" });
test.afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("an operator runs the seed's walkthrough: create, invite, import users, quotas, usage, upgrade, provision, export", async ({
  baseURL,
}) => {
  const cli = (...args: string[]) => tenantry(baseURL!, "staff.json", args);
  ok(await cli("login", "staff@tenantry.test"));

  const created = ok(
    await cli("tenant", "create", "--name", "CLI Corp", "--slug", SLUG, "--plan", "pro", "--billing-email", `billing@${SLUG}.test`),
  );
  expect(created.stdout).toContain(`Slug:      ${SLUG}`);
  expect(created.stdout).toContain("Trial - 14 days remaining");
  // The console's rules, the console's words: a taken slug and an unknown plan are refused naming the field.
  const taken = await cli("tenant", "create", "--name", "Again", "--slug", SLUG, "--plan", "pro", "--billing-email", "b@again.test");
  expect(taken.code).toBe(1);
  expect(taken.stderr).toMatch(/slug/i);
  expect((await cli("tenant", "create", "--name", "X", "--slug", "x-plan", "--plan", "gold", "--billing-email", "b@x.test")).code).not.toBe(
    0,
  );

  const listed = json<{ tenants: { slug: string }[] }>(await cli("tenant", "list", "--search", "cli-corp", "--json"));
  expect(listed.tenants.map((t) => t.slug)).toContain(SLUG);
  expect(ok(await cli("tenant", "show", SLUG)).stdout).toContain("CLI Corp");

  ok(await cli("tenant", "update", SLUG, "--max-agents", "200", "--monthly-budget", "5000"));
  const usage = ok(await cli("tenant", "usage", SLUG)).stdout;
  expect(usage).toMatch(/Agents\s*│\s*0\s*│\s*200/);
  expect(usage).toContain("$5,000.00");

  const invited = ok(await cli("tenant", "invite", "--tenant", SLUG, "--email", `ana@${SLUG}.test`, "--role", "admin"));
  expect(invited.stdout).toMatch(new RegExp(`${baseURL}/invite/\\S+`));

  // All or nobody: one bad row refuses the file and names the row; the good file is imported, and again changes nothing.
  fs.writeFileSync(path.join(dir, "bad.csv"), `name,email,role\nBo,bo@${SLUG}.test,member\nCy,not-an-email,member\n`);
  const bad = await cli("tenant", "import-users", SLUG, "--csv", path.join(dir, "bad.csv"));
  expect(bad.code).toBe(1);
  expect(bad.stdout + bad.stderr).toMatch(/Nothing was imported: 1 row\(s\) need fixing \(line 3: /);
  fs.writeFileSync(path.join(dir, "users.csv"), `name,email,role\nBo,bo@${SLUG}.test,member\nDee,dee@${SLUG}.test,viewer\n`);
  ok(await cli("tenant", "import-users", SLUG, "--csv", path.join(dir, "users.csv")));
  ok(await cli("tenant", "import-users", SLUG, "--csv", path.join(dir, "users.csv")));

  const upgraded = ok(await cli("tenant", "upgrade", SLUG, "--plan", "enterprise")).stdout;
  expect(upgraded).toContain("pro -> enterprise");
  ok(await cli("tenant", "provision", SLUG, "--template", "customer-support", "--include-sample-data"));

  const out = path.join(dir, `${SLUG}.json`);
  ok(await cli("tenant", "export", SLUG, "--format", "json", "--output", out));
  const exported = JSON.parse(fs.readFileSync(out, "utf8")) as { tenant: { slug: string }; complete: boolean };
  expect(exported).toMatchObject({ tenant: { slug: SLUG }, complete: true });
  expect(fs.statSync(out).mode & 0o777).toBe(0o600);
});

test("export --tenant then import into a new tenant reproduces its agents and departments; a rerun changes nothing", async ({
  baseURL,
}) => {
  const cli = (...args: string[]) => tenantry(baseURL!, "staff.json", args);
  ok(await cli("tenant", "create", "--name", "CLI Copy", "--slug", COPY, "--plan", "enterprise", "--billing-email", `b@${COPY}.test`));
  const file = path.join(dir, "migration.json");
  const first = json<{ agents: number; departments: number }>(await cli("export", "--tenant", SLUG, "--output", file, "--json"));
  expect(first.agents).toBeGreaterThan(0);

  const dry = ok(await cli("import", file, "--tenant", COPY, "--dry-run")).stdout;
  expect(dry).toMatch(/would/i);
  expect(json<{ agents: number }>(await cli("export", "--tenant", COPY, "--output", path.join(dir, "empty.json"), "--json")).agents).toBe(
    0,
  );

  ok(await cli("import", file, "--tenant", COPY));
  ok(await cli("import", file, "--tenant", COPY));
  const names = (f: string) => {
    const m = JSON.parse(fs.readFileSync(f, "utf8")) as { agents: { name: string }[]; departments: { name: string }[] };
    return { agents: m.agents.map((a) => a.name).sort(), departments: m.departments.map((d) => d.name).sort() };
  };
  const copy = path.join(dir, "copy.json");
  ok(await cli("export", "--tenant", COPY, "--output", copy));
  expect(names(copy)).toEqual(names(file));
});

test("support, debugging and billing commands; suspend, reactivate and delete", async ({ baseURL }) => {
  const cli = (...args: string[]) => tenantry(baseURL!, "staff.json", args);
  const session = ok(await cli("debug", "user-session", "owner@acme.test")).stdout;
  expect(session).toContain("acme");
  ok(await cli("debug", "slow-queries", "--tenant", "acme", "--since", "1h"));
  ok(await cli("audit", "queries", "--missing-tenant-filter"));
  const month = new Date().toISOString().slice(0, 7);
  ok(await cli("billing", "reconcile", "acme", "--month", month));
  expect((await cli("billing", "reconcile", "acme", "--month", "2026-13")).code).toBe(2);

  ok(await cli("tenant", "suspend", SLUG, "--reason", "cli e2e"));
  expect(json<{ tenant: { status: string } }>(await cli("tenant", "show", SLUG, "--json")).tenant.status).toBe("suspended");
  ok(await cli("tenant", "reactivate", SLUG));
  ok(await cli("tenant", "delete", COPY, "--reason", "cli e2e"));
  ok(await cli("tenant", "restore", COPY));
  ok(await cli("tenant", "delete", COPY, "--reason", "cli e2e again"));
  // Erasing asks for the slug again; a wrong one is refused and erases nothing.
  expect((await cli("tenant", "delete", COPY, "--permanent", "--skip-retention", "--confirm", "wrong")).code).not.toBe(0);
  ok(await cli("tenant", "delete", COPY, "--permanent", "--skip-retention", "--confirm", COPY));
  // Usage errors exit 2.
  expect((await cli("tenant", "frobnicate")).code).toBe(2);
});

test("platform tokens from the console: a support token reads and cannot write; a revoked one gets 401", async ({ baseURL, asUser }) => {
  const staff = await asUser("staff");
  await staff.goto("/admin/tokens");
  const name = `cli e2e ${process.pid}`;
  await staff
    .getByRole("button", { name: /create (your first )?token/i })
    .first()
    .click();
  await staff.getByLabel("Name").fill(name);
  await staff.getByRole("button", { name: "Create token" }).click();
  const token = await staff.getByTestId("new-platform-token").inputValue();
  await staff.getByRole("button", { name: "I have stored it" }).click();

  const cli = (...args: string[]) => tenantry(baseURL!, "token.json", args);
  ok(await tenantry(baseURL!, "token.json", ["login", "--with-token"], `${token}\n`));
  expect(json<{ tenants: unknown[] }>(await cli("tenant", "list", "--json")).tenants.length).toBeGreaterThan(0);
  const refused = await cli("tenant", "suspend", "acme", "--reason", "support may not");
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/read-only/i);

  await staff.getByRole("button", { name: `Revoke ${name}` }).click();
  await staff.getByRole("button", { name: "Revoke token" }).click();
  await expect(staff.getByText(`Revoked ${name}`).first()).toBeVisible();
  const revoked = await cli("tenant", "list");
  expect(revoked.code).toBe(1);
  expect(revoked.stderr).toMatch(/401|revoked|sign in|token/i);
});
