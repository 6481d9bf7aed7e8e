/**
 * Tenants' outbound webhooks end to end: an admin registers an endpoint, the
 * workspace's events reach it signed per Standard Webhooks (verified here with the
 * standardwebhooks library), only its own workspace's events, with redeliver, secret
 * rotation and automatic disabling after repeated failures (which admins are told about).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../convex/_generated/api";
import { as, eventually, SECRET, seedTenant, startWorld, type Seeded, type World } from "./world";
import { hashApiKey } from "../../lib/domain/api/keys";
import { startReceiver } from "./receiver";

let w: World;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let acme: Seeded;
let globex: Seeded;
beforeAll(async () => {
  w = await startWorld("webhooks", 0.0001);
  rx = await startReceiver();
  acme = await seedTenant(w.t, "acme-hooks");
  globex = await seedTenant(w.t, "globex-hooks");
});
afterAll(async () => {
  await w.dispose();
  await rx.close();
});

describe("outbound webhooks", () => {
  let endpointId: string;

  it("lets owners and admins register endpoints, not members, and checks the input", async () => {
    await expect(
      as(w.t, acme.users.member).mutation(api.notifications.webhookEndpoints.create, {
        slug: "acme-hooks",
        url: rx.url("/acme"),
        events: ["agent.created"],
      }),
    ).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(
      as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.create, {
        slug: "acme-hooks",
        url: "http://example.com/hook",
        events: ["agent.created"],
      }),
    ).rejects.toMatchObject({ data: { code: "INVALID", field: "url" } });
    await expect(
      as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.create, {
        slug: "acme-hooks",
        url: rx.url("/acme"),
        events: ["nope"],
      }),
    ).rejects.toMatchObject({ data: { code: "INVALID", field: "events" } });
    const created = await as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.create, {
      slug: "acme-hooks",
      url: rx.url("/acme"),
      events: ["agent.created", "agent.deleted", "usage.threshold_crossed"],
    });
    expect(created.secret).toMatch(/^whsec_/);
    endpointId = created.id;
    rx.state.secrets.push(created.secret);
    const g = await as(w.t, globex.users.owner).mutation(api.notifications.webhookEndpoints.create, {
      slug: "globex-hooks",
      url: rx.url("/globex"),
      events: ["agent.created"],
    });
    rx.state.secrets.push(g.secret);
  });

  it("delivers the workspace's events, signed, to its own endpoints only", async () => {
    await as(w.t, acme.users.member).mutation(api.portal.agents.create, {
      slug: "acme-hooks",
      name: "Support Bot",
      model: "claude-haiku-4-5",
    });
    const got = await eventually(() => {
      const r = rx.state.received.filter((m) => m.type === "agent.created");
      expect(r).toHaveLength(1);
      return r[0];
    });
    expect(got).toMatchObject({ verified: true, data: { workspace: "acme-hooks", agent: { name: "Support Bot" } } });
    expect(rx.state.rejected).toBe(0);
    // The log records the delivery when the worker reports its batch, just after the receiver answered.
    await eventually(async () => {
      const log = await as(w.t, acme.users.admin).query(api.notifications.webhookEndpoints.deliveries, { slug: "acme-hooks", endpointId });
      expect(log[0]).toMatchObject({ eventType: "agent.created", status: "delivered", attempts: 1, responseStatus: 204 });
    });
    // Globex's endpoint got nothing of Acme's, and Acme cannot read Globex's endpoints.
    expect(rx.state.received.filter((m) => (m.data as { workspace: string }).workspace !== "acme-hooks")).toEqual([]);
    const globexEndpoints = await as(w.t, globex.users.owner).query(api.notifications.webhookEndpoints.list, { slug: "globex-hooks" });
    await expect(
      as(w.t, acme.users.admin).query(api.notifications.webhookEndpoints.deliveries, {
        slug: "acme-hooks",
        endpointId: globexEndpoints[0].id,
      }),
    ).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });

  it("redelivers a logged event with the same message id", async () => {
    const [first] = await as(w.t, acme.users.admin).query(api.notifications.webhookEndpoints.deliveries, {
      slug: "acme-hooks",
      endpointId,
    });
    await as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.redeliver, { slug: "acme-hooks", deliveryId: first.id });
    await eventually(() => expect(rx.state.received.filter((m) => m.id === first.msgId)).toHaveLength(2));
  });

  it("signs with both secrets for a day after a rotation, then with the new one only", async () => {
    const [oldSecret, ...others] = rx.state.secrets;
    const { secret } = await as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.rotateSecret, {
      slug: "acme-hooks",
      endpointId,
    });
    const tests = () => rx.state.received.filter((m) => m.type === "webhook.test");
    const sendTest = () =>
      as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.sendTest, { slug: "acme-hooks", endpointId });
    // A receiver not yet switched over still verifies...
    rx.state.secrets = [oldSecret];
    await sendTest();
    await eventually(() => expect(tests()).toHaveLength(1));
    // ...as does one that switched...
    rx.state.secrets = [secret];
    await sendTest();
    await eventually(() => expect(tests()).toHaveLength(2));
    expect(rx.state.rejected).toBe(0);
    // ...and once the day is over, the old secret no longer signs.
    await w.t.run(async (ctx) => ctx.db.patch(endpointId, { previousSecretUntil: Date.now() - 1 }));
    rx.state.secrets = [oldSecret];
    await sendTest();
    await eventually(() => expect(rx.state.rejected).toBeGreaterThan(0));
    rx.state.secrets = [secret, ...others];
    // Its retries (signed with the new secret) settle it; the next case starts from no failures in a row.
    await eventually(async () => {
      const [last] = await as(w.t, acme.users.admin).query(api.notifications.webhookEndpoints.deliveries, {
        slug: "acme-hooks",
        endpointId,
      });
      expect(last.status).not.toBe("pending");
    }, 15_000);
    await as(w.t, acme.users.admin).mutation(api.notifications.webhookEndpoints.update, { slug: "acme-hooks", endpointId, enabled: true });
  });

  it("retries failures, then disables the endpoint after repeated failed deliveries and tells the admins", async () => {
    rx.state.failWith = 503;
    const admin = as(w.t, acme.users.admin);
    for (let i = 0; i < 5; i++) await admin.mutation(api.notifications.webhookEndpoints.sendTest, { slug: "acme-hooks", endpointId });
    const endpoint = await eventually(async () => {
      const [e] = await admin.query(api.notifications.webhookEndpoints.list, { slug: "acme-hooks" });
      expect(e.status).toBe("disabled");
      return e;
    }, 30_000);
    expect(endpoint.disabledReason).toMatch(/5 deliveries in a row failed \(last: HTTP 503\)/);
    const log = await admin.query(api.notifications.webhookEndpoints.deliveries, { slug: "acme-hooks", endpointId, limit: 5 });
    expect(log.every((d: { status: string; attempts: number }) => d.status === "failed" && d.attempts === 7)).toBe(true);
    const notes = (await admin.query(api.notifications.center.list, { slug: "acme-hooks", category: "webhooks" })) as { title: string }[];
    expect(notes.map((n) => n.title)).toEqual(["Webhook endpoint disabled"]);
    rx.state.failWith = 0;
  });
  it("tells a workspace's endpoint when members leave or are removed, and when its plan changes", async () => {
    const team = await seedTenant(w.t, "team-hooks");
    const made = await as(w.t, team.users.owner).mutation(api.notifications.webhookEndpoints.create, {
      slug: "team-hooks",
      url: rx.url("/team"),
      events: ["member.left", "plan.changed"],
    });
    rx.state.secrets.push(made.secret);
    await as(w.t, team.users.viewer).mutation(api.portal.team.leave, { slug: "team-hooks" });
    const membershipId = await w.t.run(
      async (ctx) => (await ctx.db.query("memberships").collect()).find((m: { userId: string }) => m.userId === team.users.member.id)!._id,
    );
    await as(w.t, team.users.owner).mutation(api.portal.team.remove, { slug: "team-hooks", membershipId });
    await w.t.run((ctx) =>
      ctx.db.insert("users", {
        externalId: "hooks-staff",
        email: "staff@hooks.test",
        name: "Staff",
        platformRole: "admin",
        createdAt: Date.now(),
      }),
    );
    await as(w.t, { externalId: "hooks-staff" }).mutation(api.admin.actions.changePlan, { tenantId: team.id, plan: "pro" });
    const changed = await eventually(() => {
      const r = rx.state.received.filter((m) => m.type === "plan.changed");
      expect(r).toHaveLength(1);
      return r[0];
    });
    expect(changed).toMatchObject({ verified: true, data: { workspace: "team-hooks", from: "starter", to: "pro", by: "staff" } });
    const left = await eventually(() => {
      const r = rx.state.received.filter((m) => m.type === "member.left");
      expect(r).toHaveLength(2);
      return r;
    });
    expect(left.every((m) => m.verified)).toBe(true);
    expect(left.map((m) => m.data).sort((a, b) => String(a.how).localeCompare(String(b.how)))).toEqual([
      { workspace: "team-hooks", email: "viewer@team-hooks.test", role: "viewer", how: "left" },
      { workspace: "team-hooks", email: "member@team-hooks.test", role: "member", how: "removed" },
    ]);
  });

  it("sends quota.reached once per quota and month when API calls are refused at a hard limit, to that workspace only", async () => {
    const full = await seedTenant(w.t, "full-hooks");
    const made = await as(w.t, full.users.admin).mutation(api.notifications.webhookEndpoints.create, {
      slug: "full-hooks",
      url: rx.url("/full"),
      events: ["quota.reached"],
    });
    rx.state.secrets.push(made.secret);
    const other = await as(w.t, globex.users.owner).mutation(api.notifications.webhookEndpoints.create, {
      slug: "globex-hooks",
      url: rx.url("/globex-quota"),
      events: ["quota.reached"],
    });
    rx.state.secrets.push(other.secret);
    const { key } = await as(w.t, full.users.owner).mutation(api.portal.apiKeys.create, { slug: "full-hooks", name: "runtime" });
    await w.t.run((ctx) => ctx.db.patch(full.id, { quotaOverrides: { storageBytes: 100 } }));
    const upload = { secret: SECRET, keyHash: await hashApiKey(key), name: "big.txt", contentType: "text/plain", size: 1000 };
    // Refused three times (the refusal rolls back its own call); the event is written once, outside it.
    for (let i = 0; i < 3; i++)
      expect(await w.t.mutation(api.runtime.files.reserve, upload)).toMatchObject({ ok: false, error: { code: "QUOTA_EXCEEDED" } });
    const got = await eventually(() => {
      const r = rx.state.received.filter((m) => m.type === "quota.reached");
      expect(r).toHaveLength(1);
      return r[0];
    });
    expect(got).toMatchObject({ verified: true, data: { workspace: "full-hooks", quota: "storageBytes", limit: 100 } });
    expect(String(got.data.message)).toMatch(/^Storage quota exceeded\. Current: 0, Max: 100/);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.state.received.filter((m) => m.type === "quota.reached")).toHaveLength(1);
    // A refusal that is not a plan quota (a malformed upload) emits nothing.
    expect(await w.t.mutation(api.runtime.files.reserve, { ...upload, size: 0 })).toMatchObject({ ok: false, error: { code: "INVALID" } });
  });
});
