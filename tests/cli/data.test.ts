// Bulk commands end to end through the admin API handlers on convex-local: the detailed usage
// report (same figures as the Usage page), bulk invitations from a CSV (all or nobody), and the
// tenant export (the GDPR export's tables, streamed to a file).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../lib/domain/csv";
import { as, ok, OWNER, startLocal, tenantBySlug, type Local } from "../admin/support";
import { cli, TOKENS } from "./harness";

let t: Local;
let tenantry: ReturnType<typeof cli>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-cli-data-"));
const file = (name: string, text?: string) => {
  const p = path.join(dir, name);
  if (text !== undefined) fs.writeFileSync(p, text);
  return p;
};

beforeAll(async () => {
  t = await startLocal("cli-data", { usageDays: 5 });
  tenantry = cli(t);
}, 120_000);
afterAll(async () => t?.dispose());

const invitations = async (slug: string) => {
  const tenant = await tenantBySlug(t, slug);
  return t.query(async (ctx) =>
    (await ctx.db.query("invitations").collect()).filter((i: { tenantId: string }) => i.tenantId === tenant._id),
  );
};

describe("tenant usage --detailed", () => {
  it("writes one CSV row per day x agent x model whose sums are the Usage page's", async () => {
    const month = new Date().toISOString().slice(0, 7);
    const out = file("usage.csv");
    const r = await tenantry(["tenant", "usage", "acme", "--detailed", "--month", month, "--output", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = parseCsv(fs.readFileSync(out, "utf8"));
    expect(header).toEqual(["day", "agent", "agent_id", "model", "calls", "errors", "input_tokens", "output_tokens", "cost_usd"]);
    expect(rows.length).toBeGreaterThan(0);
    const keys = rows.map((x) => `${x[0]}|${x[2]}|${x[3]}`);
    expect(new Set(keys).size).toBe(keys.length);
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).toISOString().slice(0, 10);
    const page = await ok(as(t, OWNER), "query", "portal/usage:report", { slug: "acme", from: `${month}-01`, to: last });
    const calls = rows.reduce((s, x) => s + Number(x[4]), 0);
    const micros = rows.reduce((s, x) => s + Math.round(Number(x[8]) * 1e6), 0);
    expect(calls).toBe(page.total.calls);
    expect(micros).toBe(page.total.costMicros);
    expect(r.json().totals).toMatchObject({ calls: page.total.calls, costMicros: page.total.costMicros });
  });

  it("refuses a bad month with the field named (exit 1), and --output without --detailed", async () => {
    const bad = await tenantry(["tenant", "usage", "acme", "--detailed", "--month", "2026-13", "--json"]);
    expect(bad.code).toBe(1);
    expect(bad.json().error.field).toBe("month");
    expect((await tenantry(["tenant", "usage", "acme", "--output", file("x.csv"), "--json"])).json().error.field).toBe("output");
  });
});

describe("tenant import-users", () => {
  const good = "name,email,role\nAna Lima,ana@import.test,member\nBo Chen,bo@import.test,admin\n\nCy Diaz,cy@import.test,viewer\n";

  it("a file with one bad row invites nobody and names each bad row", async () => {
    const before = await invitations("globex");
    const csv = file(
      "bad.csv",
      "name,email,role\nAna Lima,ana@import.test,member\nBad,not-an-email,member\nAna Again,ANA@import.test,viewer\n",
    );
    const r = await tenantry(["tenant", "import-users", "globex", "--csv", csv, "--json"]);
    expect(r.code).toBe(1);
    const doc = r.json();
    expect(doc.applied).toBe(false);
    expect(doc.error).toMatchObject({ code: "INVALID", field: "csv" });
    expect(doc.results.map((x: { line: number; outcome: string }) => [x.line, x.outcome])).toEqual([
      [2, "would_invite"],
      [3, "invalid_email"],
      [4, "duplicate"],
    ]);
    expect(doc.results[1].message).toBe("Invalid email address");
    expect(await invitations("globex")).toEqual(before);
  });

  it("refuses a malformed file with the portal's message", async () => {
    const r = await tenantry(["tenant", "import-users", "globex", "--csv", file("hdr.csv", "email,name\nx@y.test,X\n")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Nothing was imported. Line 1: the header must be exactly name,email,role (found "email,name").');
  });

  it("--dry-run writes nothing; then the import invites everyone; re-running invites nobody twice", async () => {
    const csv = file("good.csv", good);
    const before = (await invitations("globex")).length;
    const dry = await tenantry(["tenant", "import-users", "globex", "--csv", csv, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json().summary).toEqual({ would_invite: 3 });
    expect((await invitations("globex")).length).toBe(before);
    const r = await tenantry(["tenant", "import-users", "globex", "--csv", csv, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().summary).toEqual({ invited: 3 });
    const made = (await invitations("globex")).filter((i: { email: string }) => i.email.endsWith("@import.test"));
    expect(made.map((i: { email: string; role: string }) => `${i.email}:${i.role}`).sort()).toEqual([
      "ana@import.test:member",
      "bo@import.test:admin",
      "cy@import.test:viewer",
    ]);
    const again = await tenantry(["tenant", "import-users", "globex", "--csv", csv, "--json"]);
    expect(again.json().summary).toEqual({ already_invited: 3 });
    expect((await invitations("globex")).length).toBe(before + 3);
  });

  it("support cannot import (403), and nothing is written", async () => {
    const before = (await invitations("acme")).length;
    const r = await tenantry(
      ["tenant", "import-users", "acme", "--csv", file("s.csv", "name,email,role\nZed,zed@import.test,member\n"), "--json"],
      TOKENS.support,
    );
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("FORBIDDEN");
    expect((await invitations("acme")).length).toBe(before);
  });
});

describe("tenant export", () => {
  it("streams every table of the GDPR export to a file, marked complete, with secrets redacted", async () => {
    const out = file("acme.json");
    const r = await tenantry(["tenant", "export", "acme", "--format", "json", "--output", out, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(doc).toMatchObject({ format: "tenantry-export/v1", complete: true, tenant: { slug: "acme" } });
    const acme = await tenantBySlug(t, "acme");
    const events = await t.query(async (ctx) =>
      (await ctx.db.query("usageEvents").collect()).filter((e: { tenantId: string }) => e.tenantId === acme._id),
    );
    expect(doc.counts.usageEvents).toBe(events.length);
    expect(doc.tables.usageEvents.length).toBe(events.length);
    expect(r.json()).toMatchObject({ slug: "acme", counts: doc.counts });
    expect(fs.readFileSync(out, "utf8")).not.toMatch(/"tokenHash"|"hash"/);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  });

  it("support cannot export (403) and no file is left behind", async () => {
    const out = file("support.json");
    const r = await tenantry(["tenant", "export", "acme", "--output", out, "--json"], TOKENS.support);
    expect(r.code).toBe(1);
    expect(r.json().error.code).toBe("FORBIDDEN");
    expect(fs.existsSync(out)).toBe(false);
  });
});
