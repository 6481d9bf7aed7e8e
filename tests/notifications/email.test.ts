/**
 * What people receive, read from the local SMTP server: the invitation reaches the
 * invitee with a link that accepts; billing notices reach the owners and the billing
 * email, not members; a provider outage delays mail but loses none and sends none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import { notify } from "../../convex/notifications/send";
import { as, APP_URL, eventually, SECRET, seedTenant, startWorld, type World } from "./world";

let w: World;
beforeAll(async () => {
  w = await startWorld("email");
});
afterAll(() => w.dispose());

const to = async (addr: string) => (await w.mail()).filter((m) => m.to.includes(addr));

describe("email through SMTP", () => {
  it("sends an invitation whose link accepts it", async () => {
    const acme = await seedTenant(w.t, "acme-mail");
    await as(w.t, acme.users.admin).mutation(api.portal.invitations.invites.create, {
      slug: "acme-mail",
      email: "new.hire@example.com",
      role: "member",
    });
    const [mail] = await eventually(async () => {
      const got = await to("new.hire@example.com");
      expect(got).toHaveLength(1);
      return got;
    });
    expect(mail.subject).toBe("acme-mail admin invited you to acme-mail Inc on Tenantry");
    expect(mail.html).toContain("Accept the invitation");
    const link = /https?:\/\/\S+\/invite\/[\w.-]+/.exec(mail.text)?.[0];
    expect(link?.startsWith(`${APP_URL}/invite/`)).toBe(true);
    const token = link!.split("/invite/")[1];
    const invitee = await w.t.run((ctx) =>
      ctx.db.insert("users", {
        externalId: "new-hire",
        email: "new.hire@example.com",
        name: "New Hire",
        platformRole: "none",
        createdAt: Date.now(),
      }),
    );
    expect(invitee).toBeTruthy();
    const accepted = await w.t.withIdentity({ subject: "new-hire" }).mutation(api.portal.invitations.links.accept, { token });
    expect(accepted).toMatchObject({ slug: "acme-mail" });
  });

  it("sends payment failed to the owner and the billing email, with the workspace name and a link to billing", async () => {
    const globex = await seedTenant(w.t, "globex-mail");
    await w.t.run(async (ctx) => {
      const tenant = (await ctx.db.get(globex.id))!;
      await notify(ctx.db, tenant, { kind: "billing.payment_failed", message: "The payment for invoice INV-1 failed.", eventKey: "in_1" });
    });
    const mail = await eventually(async () => {
      const got = (await w.mail()).filter((m) => m.subject === "globex-mail Inc: Payment failed");
      expect(got).toHaveLength(1);
      return got[0];
    });
    expect(mail.to.sort()).toEqual(["billing@globex-mail.test", "owner@globex-mail.test"]);
    expect(mail.text).toContain("globex-mail Inc");
    expect(mail.text).toContain(`${APP_URL}/t/globex-mail/billing`);
    const row = await w.t.run(async (ctx) =>
      (await ctx.db.query("emailOutbox").collect()).find((r: { kind: string; tenantId: string }) => r.tenantId === globex.id),
    );
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("delivers every email exactly once through an SMTP outage", async () => {
    const init = await seedTenant(w.t, "outage-mail", ["owner"]);
    w.refusing.on = true;
    await w.t.run(async (ctx) => {
      const tenant = (await ctx.db.get(init.id))!;
      for (let i = 0; i < 20; i++)
        await notify(ctx.db, tenant, { kind: "billing.reactivated", message: `Reactivated #${i}`, eventKey: `evt_${i}` });
    });
    // While the server refuses, attempts fail and wait with backoff; nothing arrives.
    await eventually(async () => {
      const rows = await w.t.run(async (ctx) =>
        (await ctx.db.query("emailOutbox").collect()).filter((r: { tenantId: string }) => r.tenantId === init.id),
      );
      expect(
        rows.every((r: { attempts: number; lastError?: string }) => r.attempts >= 2 && /try again later/i.test(r.lastError ?? "")),
      ).toBe(true);
    });
    expect(await to("owner@outage-mail.test")).toHaveLength(0);
    w.refusing.on = false;
    const got = await eventually(async () => {
      const m = await to("owner@outage-mail.test");
      expect(m).toHaveLength(20);
      return m;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(await to("owner@outage-mail.test")).toHaveLength(20);
    expect(new Set(got.map((m) => m.text.match(/Reactivated #\d+/)?.[0])).size).toBe(20);
    const rows = await w.t.run(async (ctx) =>
      (await ctx.db.query("emailOutbox").collect()).filter((r: { tenantId: string }) => r.tenantId === init.id),
    );
    expect(rows.map((r: { status: string }) => r.status)).toEqual(Array(20).fill("sent"));
  });

  it("does not send the same kind twice to one recipient within its window", async () => {
    const hooli = await seedTenant(w.t, "dedupe-mail", ["owner"]);
    await w.t.run(async (ctx) => {
      const tenant = (await ctx.db.get(hooli.id))!;
      await notify(ctx.db, tenant, { kind: "budget.80", message: "80% of the budget." });
      await notify(ctx.db, tenant, { kind: "budget.80", message: "80% of the budget, again." });
    });
    await eventually(async () => expect(await to("owner@dedupe-mail.test")).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 300));
    expect(await to("owner@dedupe-mail.test")).toHaveLength(1);
  });
  it("tells the owners, not the other members, that the workspace was deleted and links to where they restore it", async () => {
    const gone = await seedTenant(w.t, "gone-mail");
    const { hardDeleteAt } = await as(w.t, gone.users.owner).mutation(api.portal.lifecycle.remove, {
      slug: "gone-mail",
      confirmSlug: "gone-mail",
    });
    const mail = await eventually(async () => {
      const got = (await w.mail()).filter((m) => m.subject === "gone-mail Inc: Workspace deleted");
      expect(got).toHaveLength(1);
      return got[0];
    });
    expect(mail.to).toEqual([gone.users.owner.email]);
    expect(mail.text).toContain("An owner can restore it until");
    expect(mail.text).toContain(new Date(hardDeleteAt).getUTCFullYear().toString());
    expect(mail.text).toContain(`${APP_URL}/restore`);
    // Nobody else of the workspace hears of it.
    for (const role of ["admin", "member", "viewer"]) expect(await to(gone.users[role].email)).toHaveLength(0);
  });

  it("tells the owners captured before the erasure, and nobody else, once the hard delete has erased the workspace", async () => {
    const gone = await seedTenant(w.t, "erased-mail");
    await w.t.run(async (ctx) => {
      const now = Date.now();
      await ctx.db.patch(gone.id, { status: "deleted", deletedAt: now - 31 * 86_400_000, hardDeleteAt: now - 1, deletedBy: "owner" });
    });
    // The first batch takes the memberships; the email must still go to the owner.
    await w.t.mutation(internal.portal.lifecycle.hardDelete, { tenantId: gone.id as never });
    const mail = await eventually(async () => {
      const got = (await w.mail()).filter((m) => m.subject === "erased-mail Inc has been erased");
      expect(got).toHaveLength(1);
      return got[0];
    }, 20_000);
    expect(mail.to).toEqual([gone.users.owner.email]);
    expect(mail.text).toContain("gone for good");
    expect(mail.text).toContain(`${APP_URL}/`);
    for (const role of ["admin", "member", "viewer"]) expect(await to(gone.users[role].email)).toHaveLength(0);
    // Nothing of the workspace is left: the email's row names no tenant, and a second run sends nothing again.
    const rows = await w.t.run(async (ctx) => ({
      tenant: await ctx.db.get(gone.id),
      memberships: (await ctx.db.query("memberships").collect()).filter((r: { tenantId: string }) => r.tenantId === gone.id),
      outbox: (await ctx.db.query("emailOutbox").collect()).filter((r: { kind: string }) => r.kind === "workspace.deletion_done"),
    }));
    expect(rows.tenant).toBeNull();
    expect(rows.memberships).toEqual([]);
    expect(rows.outbox).toEqual([expect.objectContaining({ tenantId: null, status: "sent", to: [gone.users.owner.email] })]);
    await w.t.mutation(internal.portal.lifecycle.hardDelete, { tenantId: gone.id as never });
    await new Promise((r) => setTimeout(r, 300));
    expect(await to(gone.users.owner.email)).toHaveLength(1);
  });

  it("emails the owners and admins, not the other members, once a quota passes 95% (the seed's alert rule), once a month", async () => {
    const busy = await seedTenant(w.t, "busy-mail");
    await w.t.run(async (ctx) => {
      await ctx.db.patch(busy.id, { quotaOverrides: { agents: 20 } });
      const counters = (await ctx.db.query("tenantCounters").collect()).find((c: { tenantId: string }) => c.tenantId === busy.id)!;
      await ctx.db.patch(counters._id, { agents: 18 });
    });
    const create = (name: string) =>
      as(w.t, busy.users.admin).mutation(api.portal.agents.create, { slug: "busy-mail", name, model: "claude-haiku-4-5" });
    await create("Nineteenth");
    const mail = await eventually(async () => {
      const got = (await w.mail()).filter((m) => m.subject === "busy-mail Inc: Agents at 95% of the plan");
      expect(got).toHaveLength(1);
      return got[0];
    });
    expect(mail.to.sort()).toEqual([busy.users.admin.email, busy.users.owner.email].sort());
    expect(mail.text).toContain("Agent usage is at 95% of your plan's limit (19 of 20).");
    expect(mail.text).toContain(`${APP_URL}/t/busy-mail/billing`);
    for (const role of ["member", "viewer"]) expect(await to(busy.users[role].email)).toHaveLength(0);
    // In the bell: the 90% notice (the 95% one is the email).
    const notes = (await as(w.t, busy.users.admin).query(api.notifications.center.list, { slug: "busy-mail", category: "quota" })) as {
      title: string;
    }[];
    expect(notes.map((n) => n.title)).toEqual(["Agents at 90% of the plan"]);
    await create("Twentieth");
    await new Promise((r) => setTimeout(r, 300));
    expect((await w.mail()).filter((m) => m.subject === "busy-mail Inc: Agents at 95% of the plan")).toHaveLength(1);
  });

  it("tells staff when the workspace-erased email fails for good, though the workspace is gone", async () => {
    // A farewell email on its last attempt, queued far ahead so only this test's report settles it.
    const gone = await seedTenant(w.t, "farewell-fail", ["owner"]);
    const { queueId, outboxId } = await w.t.run(async (ctx) => {
      const outboxId = await ctx.db.insert("emailOutbox", {
        tenantId: null,
        to: ["owner@farewell-fail.test"],
        subject: "farewell-fail Inc has been erased",
        body: "gone",
        kind: "workspace.deletion_done",
        status: "pending",
        createdAt: Date.now(),
        data: { slug: "farewell-fail" },
        attempts: 6,
        nextAttemptAt: Date.now(),
      });
      const queueId = await ctx.db.insert("deliveryQueue", {
        tenantId: gone.id,
        channel: "email",
        ref: outboxId,
        dueAt: Date.now() + 3_600_000,
      });
      return { queueId, outboxId };
    });
    await w.t.mutation(api.notifications.outbox.finish, {
      secret: SECRET,
      results: [{ queueId, ok: false, error: "550 mailbox unavailable" }],
    });
    const after = await w.t.run(async (ctx) => ({
      row: await ctx.db.get(outboxId),
      alerts: (await ctx.db.query("staffAlerts").collect()).filter((a: { period: string }) => a.period === outboxId),
    }));
    expect(after.row).toMatchObject({ status: "failed", attempts: 7, lastError: "550 mailbox unavailable" });
    expect(after.alerts).toEqual([
      expect.objectContaining({
        tenantId: gone.id,
        kind: "email_failed",
        details: expect.objectContaining({ slug: "farewell-fail", reason: "550 mailbox unavailable" }),
      }),
    ]);
  });
});
