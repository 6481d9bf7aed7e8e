// Platform tokens end to end: made as in the console (admin/tokens:create), used by the real
// CLI through the admin API handlers on convex-local. Support tokens read only; revoked and
// expired tokens get 401; every use is audited under the owner; only the hash is stored.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, call, ok, scanPlatform, STAFF, SUPPORT, startLocal, tenantBySlug, type Local } from "../admin/support";
import { cli } from "./harness";

let t: Local;
let tenantry: ReturnType<typeof cli>;
const tokens: Record<string, { token: string; tokenId: string }> = {};

const make = (email: string, name: string, role: "admin" | "support", expiresInDays = 30) =>
  ok(as(t, email), "mutation", "admin/tokens:create", { name, role, expiresInDays });

beforeAll(async () => {
  t = await startLocal("cli-tokens");
  tenantry = cli(t);
  tokens.admin = await make(STAFF, "CI admin", "admin");
  tokens.support = await make(STAFF, "Support laptop", "support");
}, 120_000);
afterAll(async () => t?.dispose());

const SUSPEND = ["tenant", "suspend", "acme", "--reason", "token test", "--json"];

describe("platform tokens", () => {
  it("are stored only as their SHA-256, with a recognisable prefix", async () => {
    expect(tokens.admin.token).toMatch(/^tnry_pat_[0-9a-f]{64}$/);
    const rows = await t.query(async (ctx) => ctx.db.query("platformTokens").collect());
    const row = rows.find((r: { _id: string }) => r._id === tokens.admin.tokenId);
    expect(row.hash).toBe(createHash("sha256").update(tokens.admin.token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(tokens.admin.token);
    expect(row.prefix).toBe(tokens.admin.token.slice(0, 17));
  });

  it("an admin token reads and writes as its owner, and each use is audited under them", async () => {
    const r = await tenantry(["tenant", "show", "acme", "--json"], tokens.admin.token);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().tenant.slug).toBe("acme");
    const s = await tenantry(SUSPEND, tokens.admin.token);
    expect(s.code, s.stderr).toBe(0);
    expect(s.json().status).toBe("suspended");
    expect((await tenantry(["tenant", "reactivate", "acme"], tokens.admin.token)).code).toBe(0);
    const logs = await t.query(async (ctx) => ctx.db.query("auditLogs").collect());
    const uses = logs.filter((l: { action: string }) => l.action === "platform_token.use");
    expect(uses.map((u: { target: string }) => u.target)).toEqual(
      expect.arrayContaining(["GET /api/admin/v1/tenants/acme", "POST /api/admin/v1/tenants/acme/suspend"]),
    );
    expect(uses.every((u: { actorEmail: string }) => u.actorEmail === STAFF)).toBe(true);
    const suspend = logs.find((l: { action: string }) => l.action === "tenant.suspend");
    expect(suspend.actorEmail).toBe(STAFF);
    const listed = await ok(as(t, STAFF), "query", "admin/tokens:list");
    expect(listed.find((x: { _id: string }) => x._id === tokens.admin.tokenId).lastUsedAt).toBeGreaterThan(0);
  });

  it("a support token reads but cannot write (403 FORBIDDEN, nothing changed)", async () => {
    expect((await tenantry(["tenant", "list", "--json"], tokens.support.token)).code).toBe(0);
    const before = await scanPlatform(t);
    const r = await tenantry(SUSPEND, tokens.support.token);
    expect(r.code).toBe(1);
    expect(r.json().error).toEqual({ code: "FORBIDDEN", message: "Platform support is read-only; an admin must do this." });
    expect(await scanPlatform(t)).toEqual(before);
  });

  it("a support staff member's admin-role token is still read only (the owner's role applies too)", async () => {
    // Only admins make tokens; promote support briefly to make one, then demote.
    const supportUser = await t.query(async (ctx) =>
      (await ctx.db.query("users").collect()).find((u: { email: string }) => u.email === SUPPORT),
    );
    await t.mutation(async (ctx) => ctx.db.patch(supportUser._id, { platformRole: "admin" }));
    const made = await make(SUPPORT, "promoted", "admin");
    await t.mutation(async (ctx) => ctx.db.patch(supportUser._id, { platformRole: "support" }));
    const r = await tenantry(SUSPEND, made.token);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("FORBIDDEN");
  });

  it("support staff cannot make tokens", async () => {
    const r = await call(as(t, SUPPORT), "mutation", "admin/tokens:create", { name: "x", role: "support", expiresInDays: 7 });
    expect(r).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("refuses a bad name or expiry with the field named", async () => {
    expect(await call(as(t, STAFF), "mutation", "admin/tokens:create", { name: " ", role: "admin", expiresInDays: 7 })).toMatchObject({
      ok: false,
      code: "INVALID",
      field: "name",
    });
    expect(await call(as(t, STAFF), "mutation", "admin/tokens:create", { name: "x", role: "admin", expiresInDays: 9999 })).toMatchObject({
      ok: false,
      code: "INVALID",
      field: "expiresInDays",
    });
  });

  it("a revoked token gets 401 on its next call", async () => {
    const made = await make(STAFF, "to revoke", "admin");
    expect((await tenantry(["tenant", "list", "--json"], made.token)).code).toBe(0);
    await ok(as(t, STAFF), "mutation", "admin/tokens:revoke", { tokenId: made.tokenId });
    const r = await tenantry(["tenant", "list", "--json"], made.token);
    expect(r.code).toBe(1);
    expect(r.json().error).toEqual({ code: "UNAUTHENTICATED", message: "Invalid, revoked or expired platform token." });
    const listed = await ok(as(t, STAFF), "query", "admin/tokens:list");
    expect(listed.find((x: { _id: string }) => x._id === made.tokenId).state).toBe("revoked");
  });

  it("an expired token gets 401", async () => {
    const made = await make(STAFF, "to expire", "admin", 7);
    await t.mutation(async (ctx) => ctx.db.patch(made.tokenId, { expiresAt: Date.now() - 1 }));
    const r = await tenantry(["tenant", "show", "acme", "--json"], made.token);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("UNAUTHENTICATED");
  });

  it("a made-up token of the right shape gets 401, and the Convex doors refuse it directly too", async () => {
    const fake = `tnry_pat_${"0".repeat(64)}`;
    expect((await tenantry(["tenant", "list", "--json"], fake)).json().error.code).toBe("UNAUTHENTICATED");
    expect(await call(t, "query", "admin/tenants:list", { operatorToken: fake })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    const acme = await tenantBySlug(t, "acme");
    expect(
      await call(t, "mutation", "admin/actions:suspend", { operatorToken: tokens.support.token, tenantId: acme._id, reason: "r" }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("credentials on the operator's machine", () => {
  it("login --with-token keeps a platform token in a 0600 file, and later commands use it", async () => {
    const r = await tenantry(["login", "--with-token", "--json"], null, { readStdin: async () => `${tokens.support.token}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(fs.statSync(tenantry.configFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(tenantry.configFile, "utf8")).token).toBe(tokens.support.token);
    const list = await tenantry(["tenant", "list", "--json"], null);
    expect(list.code, list.stderr).toBe(0);
    expect((await tenantry(SUSPEND, null)).json().error.code).toBe("FORBIDDEN");
    expect((await tenantry(["logout", "--json"], null)).json()).toEqual({ signedOut: true });
  });

  it("login --with-token refuses something that is not a live token, and keeps nothing", async () => {
    const bad = await tenantry(["login", "--with-token", "--json"], null, { readStdin: async () => "hunter2" });
    expect(bad.code).toBe(1);
    expect(bad.json().error.field).toBe("token");
    const dead = await tenantry(["login", "--with-token", "--json"], null, { readStdin: async () => `tnry_pat_${"f".repeat(64)}` });
    expect(dead.json().error.code).toBe("UNAUTHENTICATED");
    expect(fs.existsSync(tenantry.configFile)).toBe(false);
  });

  it("local mode needs no setup for an app on this machine: it signs in as the demo admin", async () => {
    const local = { env: { TENANTRY_URL: "http://localhost:3000", TENANTRY_CONFIG: tenantry.configFile } };
    const r = await tenantry(["tenant", "list", "--json"], null, local);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("Local mode: signed in to http://localhost:3000 as staff@tenantry.test");
    expect(fs.statSync(tenantry.configFile).mode & 0o777).toBe(0o600);
    // A remote URL never gets that: no credential, 401.
    fs.unlinkSync(tenantry.configFile);
    const remote = await tenantry(["tenant", "list", "--json"], null);
    expect(remote.json().error.code).toBe("UNAUTHENTICATED");
  });
});
