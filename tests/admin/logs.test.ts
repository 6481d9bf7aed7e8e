/**
 * The audit and webhook logs: each filter (and their combinations) returns
 * exactly the matching entries, newest first, across pages; a page scans a
 * bounded number of rows and resumes where it stopped; bad filters name the field.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, call, ok, STAFF, startLocal, SUPPORT, tenantBySlug, type Local } from "./support";

let t: Local;
let acme: { _id: string };
let globex: { _id: string };
const BASE = Date.UTC(2026, 0, 10);

beforeAll(async () => {
  t = await startLocal("logs", { usageDays: 1 });
  acme = await tenantBySlug(t, "acme");
  globex = await tenantBySlug(t, "globex");
  // 60 entries spread over 6 days, 3 actors, 4 actions, 2 tenants (audit rows have no triggers: raw inserts are faithful).
  await t.run(async (ctx) => {
    for (let i = 0; i < 60; i++) {
      await ctx.db.insert("auditLogs", {
        tenantId: i % 2 ? acme._id : globex._id,
        actorId: null,
        actorEmail: ["a@x.test", "b@x.test", "c@x.test"][i % 3],
        action: ["tenant.suspend", "tenant.reactivate", "agent.create", "access.denied"][i % 4],
        target: `t${i}`,
        at: BASE + i * 2 * 3_600_000,
      });
    }
    for (let i = 0; i < 12; i++) {
      await ctx.db.insert("webhookEvents", {
        provider: i % 3 ? "stripe" : "clerk",
        eventId: `evt_${i}`,
        type: "invoice.paid",
        tenantId: i % 2 ? acme._id : null,
        payload: "{}",
        eventCreated: i,
        receivedAt: BASE + i * 60_000,
        outcome: i % 4 === 0 ? "failed" : "processed",
        ...(i % 4 === 0 ? { error: "boom" } : {}),
      });
    }
  });
}, 120_000);
afterAll(async () => t?.dispose());

async function allPages(name: string, args: Record<string, unknown>, pageSize: number) {
  const out: { target?: string; eventId?: string; at?: number; receivedAt?: number }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: { rows: typeof out; cursor: string | null } = await ok(as(t, SUPPORT), "query", name, {
      ...args,
      pageSize,
      cursor,
    } as never);
    out.push(...page.rows);
    if (!page.cursor) return out;
    cursor = page.cursor;
  }
  throw new Error("did not finish");
}

describe("audit log", () => {
  const mine = (i: number) => ({
    i,
    tenant: i % 2 ? "acme" : "globex",
    actor: ["a@x.test", "b@x.test", "c@x.test"][i % 3],
    action: ["tenant.suspend", "tenant.reactivate", "agent.create", "access.denied"][i % 4],
    at: BASE + i * 2 * 3_600_000,
  });
  const all = Array.from({ length: 60 }, (_, i) => mine(i));
  it.each([
    [{ tenantSlug: "acme" }, (e: ReturnType<typeof mine>) => e.tenant === "acme"],
    [{ actor: "B@x.test" }, (e: ReturnType<typeof mine>) => e.actor === "b@x.test"],
    [{ action: "tenant.suspend" }, (e: ReturnType<typeof mine>) => e.action === "tenant.suspend"],
    [
      { tenantSlug: "globex", action: "agent.create", actor: "c@x.test" },
      (e: ReturnType<typeof mine>) => e.tenant === "globex" && e.action === "agent.create" && e.actor === "c@x.test",
    ],
    [
      { from: BASE + 24 * 3_600_000, to: BASE + 72 * 3_600_000 },
      (e: ReturnType<typeof mine>) => e.at >= BASE + 24 * 3_600_000 && e.at <= BASE + 72 * 3_600_000,
    ],
    [
      { actor: "a@x.test", from: BASE + 48 * 3_600_000 },
      (e: ReturnType<typeof mine>) => e.actor === "a@x.test" && e.at >= BASE + 48 * 3_600_000,
    ],
  ])("%j: exactly the matching entries, newest first, across pages", async (args, match) => {
    const rows = (await allPages("admin/audit:list", args, 4)).filter((r) => r.target?.startsWith("t"));
    const expected = all
      .filter(match)
      .sort((a, b) => b.at - a.at)
      .map((e) => `t${e.i}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.target)).toEqual(expected);
  });

  it("scans a bounded number of rows per page and resumes after them", async () => {
    await t.run(async (ctx) => {
      await ctx.db.insert("auditLogs", {
        tenantId: null,
        actorId: null,
        actorEmail: "scan@x.test",
        action: "needle",
        target: "needle",
        at: BASE,
      });
      for (let i = 0; i < 2100; i++)
        await ctx.db.insert("auditLogs", { tenantId: null, actorId: null, actorEmail: "scan@x.test", action: "hay", at: BASE + 1 + i });
    });
    const first: { rows: unknown[]; cursor: string | null } = await ok(as(t, STAFF), "query", "admin/audit:list", {
      actor: "scan@x.test",
      action: "needle",
    });
    expect(first.rows).toEqual([]);
    expect(first.cursor).not.toBeNull();
    const second = await ok(as(t, STAFF), "query", "admin/audit:list", { actor: "scan@x.test", action: "needle", cursor: first.cursor });
    expect(second.rows.map((r: { target: string }) => r.target)).toEqual(["needle"]);
  });

  it.each([
    [{ tenantSlug: "nope" }, "tenantSlug"],
    [{ from: 10, to: 5 }, "from"],
    [{ pageSize: 0 }, "pageSize"],
    [{ tenantSlug: "acme", cursor: JSON.stringify(["globex-id", 1, 2]) }, "cursor"],
  ])("refuses %j with the field", async (args, field) => {
    const o = await call(as(t, STAFF), "query", "admin/audit:list", args);
    expect(o.ok ? "ok" : `${o.code}@${o.field}`).toBe(`INVALID@${field}`);
  });
});

describe("webhook log", () => {
  it.each([
    [{}, (_: number): boolean => true],
    [{ provider: "clerk" }, (i: number) => i % 3 === 0],
    [{ outcome: "failed" }, (i: number) => i % 4 === 0],
    [{ tenantSlug: "acme" }, (i: number) => i % 2 === 1],
    [{ tenantSlug: "acme", provider: "stripe", outcome: "processed" }, (i: number) => i % 2 === 1 && i % 3 !== 0 && i % 4 !== 0],
  ])("%j", async (args, match) => {
    const rows = (await allPages("admin/webhooks:list", args, 5)).filter((r) => r.eventId?.startsWith("evt_"));
    const expected = Array.from({ length: 12 }, (_, i) => i)
      .filter(match)
      .reverse()
      .map((i) => `evt_${i}`);
    expect(rows.map((r) => r.eventId)).toEqual(expected);
  });

  it("redelivers Stripe events only, as an admin, audited", async () => {
    const { rows } = await ok(as(t, STAFF), "query", "admin/webhooks:list", {});
    const clerk = rows.find((r: { provider: string }) => r.provider === "clerk");
    const stripe = rows.find((r: { provider: string }) => r.provider === "stripe");
    const refused = await call(as(t, STAFF), "mutation", "admin/webhooks:startRedelivery", { id: clerk._id });
    expect(refused.ok ? "ok" : `${refused.code}@${refused.field}`).toBe("INVALID@id");
    const event = await ok(as(t, STAFF), "mutation", "admin/webhooks:startRedelivery", { id: stripe._id });
    expect(event).toMatchObject({ provider: "stripe", eventId: stripe.eventId, payload: "{}" });
    const audit = await ok(as(t, STAFF), "query", "admin/audit:list", { action: "webhook.redeliver" });
    expect(audit.rows[0]).toMatchObject({ actorEmail: STAFF, target: `stripe ${stripe.eventId}` });
  });
});
