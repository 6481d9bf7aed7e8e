/**
 * The seed's "error rate above 5% over the last hour -> page on-call", end to end: the
 * check (convex/notifications/pager.ts) raises a staff alert and queues the page, and
 * the pager worker the Next server runs (lib/server/outbound/pager.ts) posts it to a
 * PagerDuty-shaped receiver, signed (verified here with the standardwebhooks
 * library), and to a Slack-compatible one. One page per tenant and hour.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { internal } from "../../convex/_generated/api";
import { newSecret } from "../../convex/notifications/webhookEvents";
import { pagerConfig, pagerWorker } from "../../lib/server/outbound/pager";
import type { Drainer } from "../../lib/server/outbound/drain";
import { eventually, SECRET, seedTenant, startWorld, type World } from "./world";

type Hit = { path: string; body: Record<string, unknown>; verified: boolean };

let w: World;
let pager: Drainer;
let server: http.Server;
const hits: Hit[] = [];
const oncallSecret = newSecret();

beforeAll(async () => {
  w = await startWorld("pager");
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let verified = true;
      try {
        new Webhook(oncallSecret).verify(raw, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));
      } catch {
        verified = false;
      }
      hits.push({ path: req.url ?? "", body: JSON.parse(raw) as Record<string, unknown>, verified });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = pagerConfig(
    { ONCALL_WEBHOOK_URL: `${base}/pagerduty`, ONCALL_SLACK_URL: `${base}/slack`, ONCALL_WEBHOOK_SECRET: oncallSecret },
    "http://app.tenantry.test",
  );
  pager = pagerWorker({ convexUrl: w.t.url, secret: SECRET, config, idleMs: 20, log: () => {} });
}, 120_000);
afterAll(async () => {
  await pager.stop();
  server.close();
  await w.dispose();
});

/** `calls` agent calls in the last hour, `errors` of them failed. */
async function usage(tenantId: string, calls: number, errors: number) {
  await w.t.run(async (ctx) => {
    const now = Date.now();
    const agentId = await ctx.db.insert("agents", { tenantId, name: "Bot", model: "claude-haiku-4-5", status: "active", createdAt: now });
    for (let i = 0; i < calls; i++)
      await ctx.db.insert("usageEvents", {
        tenantId,
        agentId,
        model: "claude-haiku-4-5",
        inputTokens: 10,
        outputTokens: 10,
        costMicros: 1,
        latencyMs: 100,
        success: i >= errors,
        at: now - i * 1000,
      });
  });
}

describe("on-call paging for a tenant's error rate", () => {
  it("pages once per tenant and hour, signed, in PagerDuty Events v2 shape and to Slack", async () => {
    const failing = await seedTenant(w.t, "pager-failing", ["owner"]);
    const healthy = await seedTenant(w.t, "pager-healthy", ["owner"]);
    await usage(failing.id, 40, 4); // 10%: above 5%
    await usage(healthy.id, 40, 2); // 5%: not above

    const paged = await w.t.mutation(internal.notifications.pager.checkErrorRates, {});
    expect(paged).toEqual(["pager-failing"]);
    await eventually(() => expect(hits).toHaveLength(2));

    const pd = hits.find((h) => h.path === "/pagerduty")!;
    expect(pd.verified).toBe(true);
    expect(pd.body).toMatchObject({
      routing_key: "tenantry-oncall",
      event_action: "trigger",
      dedup_key: expect.stringMatching(/^tenantry:error_rate:pager-failing:\d{4}-\d{2}-\d{2}T\d{2}$/),
      payload: {
        source: "tenantry/pager-failing",
        severity: "critical",
        summary: expect.stringContaining("10% of 40 agent calls failed in the last hour"),
        custom_details: { calls: 40, errors: 4, percent: 10 },
      },
    });
    const slack = hits.find((h) => h.path === "/slack")!;
    expect(slack.verified).toBe(true);
    expect(slack.body.text).toMatch(/pager-failing Inc: 10% of 40 agent calls failed/);

    // The page is recorded on the staff alert; the next check within the hour raises nothing new.
    await eventually(async () => {
      const alert = await w.t.run(async (ctx) =>
        (await ctx.db.query("staffAlerts").collect()).find((a: { tenantId: string; kind: string }) => a.tenantId === failing.id),
      );
      expect(alert.details.page.sentAt).toEqual(expect.any(Number));
    });
    expect(await w.t.mutation(internal.notifications.pager.checkErrorRates, {})).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(hits).toHaveLength(2);
  });
});
