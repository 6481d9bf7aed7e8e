/**
 * The notification center per role, through real clients against convex-local:
 * each person sees the kinds whose audience includes their role, reads are per
 * person, preferences hide a topic but never a required one, and nobody reaches
 * another workspace's notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../convex/_generated/api";
import { notify } from "../../convex/notifications/send";
import { as, seedTenant, startWorld, type Seeded, type World } from "./world";

let w: World;
let acme: Seeded;
let globex: Seeded;
beforeAll(async () => {
  w = await startWorld("center");
  acme = await seedTenant(w.t, "acme-center");
  globex = await seedTenant(w.t, "globex-center");
  await w.t.run(async (ctx) => {
    const a = (await ctx.db.get(acme.id))!;
    await notify(ctx.db, a, { kind: "budget.80", message: "Spending is at 80% of the $100.00 budget." });
    await notify(ctx.db, a, { kind: "quota.monthlyTokens.80", message: "Monthly token usage is at 80%." });
    await notify(ctx.db, a, { kind: "team.member_joined", message: "Ann joined as a member." });
    await notify(ctx.db, (await ctx.db.get(globex.id))!, { kind: "budget.90", message: "Globex spending at 90%." });
  });
});
afterAll(() => w.dispose());

const titles = async (user: { externalId: string }, slug = "acme-center") =>
  ((await as(w.t, user).query(api.notifications.center.list, { slug })) as { title: string }[]).map((n) => n.title).sort();

describe("notification center", () => {
  it("shows each role the kinds meant for it", async () => {
    expect(await titles(acme.users.owner)).toEqual([
      "80% of the monthly budget used",
      "A member joined",
      "Monthly tokens at 80% of the plan",
    ]);
    expect(await titles(acme.users.admin)).toEqual(["A member joined", "Monthly tokens at 80% of the plan"]);
    expect(await titles(acme.users.member)).toEqual([]);
    expect(await titles(acme.users.viewer)).toEqual([]);
    expect(await as(w.t, acme.users.owner).query(api.notifications.center.unreadCount, { slug: "acme-center" })).toBe(3);
  });

  it("links each notification to where the person acts", async () => {
    const list = (await as(w.t, acme.users.owner).query(api.notifications.center.list, { slug: "acme-center", category: "billing" })) as {
      link: string;
    }[];
    expect(list.map((n) => n.link)).toEqual(["/billing"]);
  });

  it("keeps read state per person: mark one read, then all", async () => {
    const owner = as(w.t, acme.users.owner);
    const [first] = (await owner.query(api.notifications.center.list, { slug: "acme-center" })) as { id: string }[];
    await owner.mutation(api.notifications.center.markRead, { slug: "acme-center", notificationId: first.id });
    expect(await owner.query(api.notifications.center.unreadCount, { slug: "acme-center" })).toBe(2);
    expect(await as(w.t, acme.users.admin).query(api.notifications.center.unreadCount, { slug: "acme-center" })).toBe(2);
    expect(await owner.query(api.notifications.center.list, { slug: "acme-center", unread: true })).toHaveLength(2);
    await owner.mutation(api.notifications.center.markAllRead, { slug: "acme-center" });
    expect(await owner.query(api.notifications.center.unreadCount, { slug: "acme-center" })).toBe(0);
    expect(await as(w.t, acme.users.admin).query(api.notifications.center.unreadCount, { slug: "acme-center" })).toBe(2);
  });

  it("hides a topic a person switched off in-app, and refuses to switch off payment failures", async () => {
    const admin = as(w.t, acme.users.admin);
    await admin.mutation(api.notifications.center.setPreference, {
      slug: "acme-center",
      topic: "quota.monthlyTokens",
      channel: "inApp",
      enabled: false,
    });
    expect(await titles(acme.users.admin)).toEqual(["A member joined"]);
    expect(await titles(acme.users.owner)).toContain("Monthly tokens at 80% of the plan");
    const owner = as(w.t, acme.users.owner);
    await expect(
      owner.mutation(api.notifications.center.setPreference, {
        slug: "acme-center",
        topic: "billing.payment_failed",
        channel: "email",
        enabled: false,
      }),
    ).rejects.toMatchObject({ data: { code: "INVALID", field: "topic" } });
    const prefs = (await owner.query(api.notifications.center.preferences, { slug: "acme-center" })) as {
      topic: string;
      required: boolean;
      email: boolean;
    }[];
    expect(prefs.find((p) => p.topic === "billing.payment_failed")).toMatchObject({ required: true, email: true });
    // Members are not offered billing topics at all.
    const memberPrefs = (await as(w.t, acme.users.member).query(api.notifications.center.preferences, { slug: "acme-center" })) as {
      topic: string;
    }[];
    expect(memberPrefs.map((p) => p.topic)).not.toContain("billing.payment_failed");
  });

  it("an email switched off is not sent to that person", async () => {
    const admin = as(w.t, acme.users.admin);
    await admin.mutation(api.notifications.center.setPreference, {
      slug: "acme-center",
      topic: "quota.storageBytes",
      channel: "email",
      enabled: false,
    });
    await w.t.run(async (ctx) =>
      notify(ctx.db, (await ctx.db.get(acme.id))!, { kind: "quota.storageBytes.90", message: "Storage at 90%." }),
    );
    const row = await w.t.run(async (ctx) =>
      (await ctx.db.query("emailOutbox").collect()).find(
        (r: { kind: string; tenantId: string }) => r.kind === "quota.storageBytes.90" && r.tenantId === acme.id,
      ),
    );
    expect(row.to).toEqual(["owner@acme-center.test"]);
  });

  it("never shows or touches another workspace's notifications", async () => {
    const foreign = (await as(w.t, globex.users.owner).query(api.notifications.center.list, { slug: "globex-center" })) as {
      id: string;
      message: string;
    }[];
    expect(foreign.map((n) => n.message)).toEqual(["Globex spending at 90%."]);
    expect(
      (await as(w.t, acme.users.owner).query(api.notifications.center.list, { slug: "acme-center" })).map(
        (n: { message: string }) => n.message,
      ),
    ).not.toContain("Globex spending at 90%.");
    await expect(
      as(w.t, acme.users.owner).mutation(api.notifications.center.markRead, { slug: "acme-center", notificationId: foreign[0].id }),
    ).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    await expect(as(w.t, acme.users.owner).query(api.notifications.center.list, { slug: "globex-center" })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });

  it("staff alerts are for staff only", async () => {
    await expect(as(w.t, acme.users.owner).query(api.notifications.staff.alerts, {})).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
    const staff = await w.t.run((ctx) =>
      ctx.db.insert("users", {
        externalId: "staff-admin",
        email: "ops@tenantry.test",
        name: "Ops",
        platformRole: "admin",
        createdAt: Date.now(),
      }),
    );
    expect(staff).toBeTruthy();
    await w.t.run(async (ctx) =>
      ctx.db.insert("staffAlerts", {
        tenantId: acme.id,
        kind: "usage_spike",
        period: "2026-12-01",
        message: "Spike",
        createdAt: Date.now(),
      }),
    );
    const ops = w.t.withIdentity({ subject: "staff-admin" });
    expect(await ops.query(api.notifications.staff.unreadCount, {})).toBe(1);
    const [alert] = (await ops.query(api.notifications.staff.alerts, {})) as { id: string }[];
    await ops.mutation(api.notifications.staff.markAlertRead, { alertId: alert.id });
    expect(await ops.query(api.notifications.staff.unreadCount, {})).toBe(0);
  });
});
