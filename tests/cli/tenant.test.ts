// `tenantry tenant ...` end to end through the admin API handlers on convex-local:
// the happy path, refusals that change nothing (exit 1, the field named), usage errors (exit 2).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanPlatform, startLocal, type Local } from "../admin/support";
import { BASE, cli, TOKENS } from "./harness";
import { GET } from "../../app/api/admin/v1/[...path]/route";

let t: Local;
let tenantry: ReturnType<typeof cli>;

beforeAll(async () => {
  t = await startLocal("cli");
  tenantry = cli(t);
}, 120_000);
afterAll(async () => t?.dispose());

const CREATE = [
  "tenant",
  "create",
  "--name",
  "Vandelay",
  "--slug",
  "vandelay",
  "--plan",
  "pro",
  "--billing-email",
  "billing@vandelay.test",
];

describe("create -> list -> show -> update -> usage -> upgrade", () => {
  it("creates a tenant and prints what the seed shows", async () => {
    const r = await tenantry([...CREATE, "--max-agents", "50", "--monthly-budget", "1500"]);
    expect(r.stderr).toBe("");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Tenant created");
    expect(r.stdout).toMatch(/Status:\s+Trial - 14 days remaining/);
    expect(r.stdout).toContain(`${BASE}/t/vandelay`);
  });

  it("lists it, as a table and as one JSON document", async () => {
    const table = await tenantry(["tenant", "list", "--search", "vandelay"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/vandelay\s+│\s+Vandelay\s+│\s+Pro\s+│\s+trial/);
    const json = await tenantry(["tenant", "list", "--status", "trial", "--json"]);
    expect(json.json().tenants.map((x: { slug: string }) => x.slug)).toContain("vandelay");
  });

  it("shows it with the overrides and budget given at creation", async () => {
    const r = await tenantry(["tenant", "show", "vandelay", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = r.json();
    expect(d.tenant).toMatchObject({ slug: "vandelay", plan: "pro", status: "trial", quotaOverrides: { agents: 50 } });
    expect(d.quotas.agents).toEqual({ used: 0, limit: 50, percent: 0 });
    expect(d.cost.budgetCents).toBe(150_000);
  });

  it("updates only the flags given, merging quota overrides", async () => {
    const r = await tenantry([
      "tenant",
      "update",
      "vandelay",
      "--name",
      "Vandelay LLC",
      "--max-monthly-tokens",
      "unlimited",
      "--max-storage-gb",
      "2",
      "--monthly-budget",
      "none",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const d = r.json();
    expect(d.tenant).toMatchObject({
      name: "Vandelay LLC",
      billingEmail: "billing@vandelay.test",
      quotaOverrides: { agents: 50, monthlyTokens: null },
    });
    expect(d.quotas.monthlyTokens.limit).toBeNull();
    expect(d.quotas.storageBytes.limit).toBe(2 * 1024 ** 3);
    expect(d.cost.budgetCents).toBeNull();
  });

  it("prints usage with At limit once a quota is reached", async () => {
    const used = (await tenantry(["tenant", "usage", "acme", "--json"])).json().quotas.agents.used as number;
    expect(used).toBeGreaterThan(0);
    expect((await tenantry(["tenant", "update", "acme", "--max-agents", String(used)])).code).toBe(0);
    const r = await tenantry(["tenant", "usage", "acme"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Agents\\s+│\\s+${used}\\s+│\\s+${used}\\s+│\\s+At limit`));
  });

  it("upgrades and prints each quota before and after", async () => {
    const r = await tenantry(["tenant", "upgrade", "vandelay", "--plan", "enterprise", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ plan: { before: "pro", after: "enterprise" }, quotas: { agents: { before: 50, after: 50 } } });
    expect(r.json().quotas.concurrentSessions).toEqual({ before: 100, after: 1000 });
  });

  it("makes an existing user the owner when asked", async () => {
    const r = await tenantry([...CREATE.map((a) => (a === "vandelay" ? "vandelay-two" : a)), "--owner", "owner@globex.test", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const d = (await tenantry(["tenant", "show", "vandelay-two", "--json"])).json();
    expect(d.members).toBe(1);
    expect(d.users.find((u: { role: string }) => u.role === "owner")).toMatchObject({ count: 1, emails: ["owner@globex.test"] });
  });

  it("invites someone and prints the link", async () => {
    const r = await tenantry(["tenant", "invite", "--tenant", "vandelay", "--email", "Art@Vandelay.test", "--role", "owner", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      email: "art@vandelay.test",
      role: "owner",
      inviteUrl: expect.stringMatching(`^${BASE}/invite/.+\\..+`),
    });
    const again = await tenantry([
      "tenant",
      "invite",
      "--tenant",
      "vandelay",
      "--email",
      "art@vandelay.test",
      "--role",
      "member",
      "--json",
    ]);
    expect(again.json().error).toMatchObject({ code: "CONFLICT", field: "email" });
    // Someone with an account elsewhere is not a member here, so they can be invited.
    expect((await tenantry(["tenant", "invite", "--tenant", "vandelay", "--email", "owner@acme.test", "--role", "viewer"])).code).toBe(0);
    const member = await tenantry(["tenant", "invite", "--tenant", "acme", "--email", "owner@acme.test", "--role", "viewer", "--json"]);
    expect(member.json().error).toMatchObject({ code: "CONFLICT", field: "email" });
  });

  it("suspends, reactivates, deletes and restores", async () => {
    expect((await tenantry(["tenant", "suspend", "vandelay", "--reason", "cli test"])).stdout).toBe("vandelay: Suspended\n");
    expect((await tenantry(["tenant", "reactivate", "vandelay", "--json"])).json().status).toBe("trial");
    const deleted = await tenantry(["tenant", "delete", "vandelay", "--reason", "cli test", "--json"]);
    expect(deleted.json()).toMatchObject({ status: "deleted", hardDeleteAt: expect.any(Number) });
    expect((await tenantry(["tenant", "restore", "vandelay", "--json"])).json().status).toBe("trial");
  });
});

describe("refusals: exit 1, the field named, nothing changed", () => {
  const cases: [string, string[], string, string][] = [
    ["a bad email", [...CREATE.slice(0, -1), "not-an-email"].map((a) => (a === "vandelay" ? "fresh" : a)), "billingEmail", "INVALID"],
    ["an unknown plan", CREATE.map((a) => (a === "pro" ? "platinum" : a === "vandelay" ? "fresh" : a)), "plan", "INVALID"],
    ["a slug taken", CREATE, "slug", "CONFLICT"],
    ["a negative quota", ["tenant", "update", "acme", "--max-agents", "-5"], "overrides.agents", "INVALID"],
    ["a bad budget", ["tenant", "update", "acme", "--monthly-budget", "-10"], "monthlyBudget", "INVALID"],
    [
      "an owner who never signed in",
      [...CREATE.map((a) => (a === "vandelay" ? "fresh" : a)), "--owner", "nobody@nowhere.test"],
      "owner",
      "INVALID",
    ],
    ["an unknown role", ["tenant", "invite", "--tenant", "acme", "--email", "x@acme.test", "--role", "king"], "role", "INVALID"],
    ["a bad invite email", ["tenant", "invite", "--tenant", "acme", "--email", "nope", "--role", "member"], "email", "INVALID"],
    ["a blank reason", ["tenant", "suspend", "acme", "--reason", " "], "reason", "INVALID"],
  ];
  it.each(cases)("%s", async (_, argv, field, code) => {
    const before = await scanPlatform(t);
    const r = await tenantry([...argv, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json().error).toMatchObject({ code, field });
    expect(r.stderr).toContain(`(field: ${field})`);
    expect(await scanPlatform(t)).toEqual(before);
  });

  it("support may read but not write", async () => {
    expect((await tenantry(["tenant", "show", "acme"], TOKENS.support)).code).toBe(0);
    const before = await scanPlatform(t);
    const r = await tenantry([...CREATE.map((a) => (a === "vandelay" ? "by-support" : a)), "--json"], TOKENS.support);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("FORBIDDEN");
    expect(await scanPlatform(t)).toEqual(before);
  });

  it("a tenant owner learns nothing, and no token or an unknown one is refused", async () => {
    expect((await tenantry(["tenant", "show", "acme", "--json"], TOKENS.owner)).json().error.code).toBe("NOT_FOUND");
    const none = await tenantry(["tenant", "list", "--json"], null);
    expect(none.code).toBe(1);
    expect(none.json().error.code).toBe("UNAUTHENTICATED");
    const unknown = await tenantry(["tenant", "list", "--json"], "tok-nobody");
    expect(unknown.code).toBe(1);
    expect(unknown.json().error.code).toMatch(/UNAUTHENTICATED|NOT_FOUND/);
  });

  it("the route handler itself refuses a request without a token (401, JSON)", async () => {
    const response = await GET(new Request(`${BASE}/api/admin/v1/tenants`), { params: Promise.resolve({ path: ["tenants"] }) });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("delete --permanent", () => {
  it("needs a soft delete first, the slug typed again, and the retention override; then erases", async () => {
    const purge = ["tenant", "delete", "vandelay-two", "--permanent", "--json"];
    const refusals: [string[], string, string][] = [
      [["--confirm", "vandelay-two"], "CONFLICT", ""],
      [[], "INVALID", "confirm"],
      [["--confirm", "vandelay"], "INVALID", "confirmSlug"],
      [["--confirm", "vandelay-two"], "INVALID", "overrideRetention"],
    ];
    for (const [i, [more, code, field]] of refusals.entries()) {
      if (i === 1) expect((await tenantry(["tenant", "delete", "vandelay-two", "--reason", "cli test"])).code).toBe(0);
      const before = await scanPlatform(t);
      const r = await tenantry([...purge, ...more]);
      expect(r.code, more.join(" ")).toBe(1);
      expect(r.json().error).toMatchObject({ code, ...(field ? { field } : {}) });
      expect(await scanPlatform(t)).toEqual(before);
    }
    const r = await tenantry([...purge, "--confirm", "vandelay-two", "--skip-retention"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ slug: "vandelay-two", purging: true, retentionOverridden: true });
    await t.finishAllScheduledFunctions();
    expect((await tenantry(["tenant", "show", "vandelay-two", "--json"])).json().error.code).toBe("NOT_FOUND");
  });
});

describe("tenantry login (local mode)", () => {
  it("keeps the session in a 0600 file and trades it for a token on each command", async () => {
    const login = await tenantry(["login", "staff@tenantry.test"], null);
    expect(login.code, login.stderr).toBe(0);
    expect(fs.statSync(tenantry.configFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(tenantry.configFile, "utf8")).not.toContain("tok-");
    const r = await tenantry(["tenant", "show", "acme", "--json"], null);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().tenant.slug).toBe("acme");
  });

  it("an ended session is refused with a way forward, and logout forgets it", async () => {
    const config = JSON.parse(fs.readFileSync(tenantry.configFile, "utf8"));
    fs.writeFileSync(tenantry.configFile, JSON.stringify({ ...config, session: "sess-ended" }));
    const r = await tenantry(["tenant", "list"], null);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("run tenantry login again");
    expect((await tenantry(["logout"], null)).stdout).toBe("Signed out.\n");
    expect(fs.existsSync(tenantry.configFile)).toBe(false);
  });
});

describe("usage errors: exit 2", () => {
  it.each([
    ["a missing required flag", ["tenant", "create", "--name", "X"]],
    ["a quota that is not a number", ["tenant", "update", "acme", "--max-agents", "lots"]],
    ["an unknown command", ["tenant", "frobnicate"]],
  ])("%s", async (_, argv) => {
    const before = await scanPlatform(t);
    const r = await tenantry(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toBe("");
    expect(await scanPlatform(t)).toEqual(before);
  });

  it("--help prints examples and exits 0", async () => {
    const r = await tenantry(["tenant", "usage", "--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("$ tenantry tenant usage acme");
  });
});
