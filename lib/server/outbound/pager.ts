/**
 * Pages on-call for staff alerts that ask for it (error rate above 5% over an hour):
 * a signed (Standard Webhooks, ONCALL_WEBHOOK_SECRET) POST in PagerDuty Events v2 shape
 * to ONCALL_WEBHOOK_URL, and a Slack-compatible `{ text }` to ONCALL_SLACK_URL if set.
 * No URL configured: the page is recorded as not sent and the alert stays in the admin center.
 */
import { ConvexHttpClient } from "convex/browser";
import { api } from "../../../convex/_generated/api";
import { drainLoop, type Drainer } from "./drain";
import { postSigned } from "./webhook-worker";

export type PagerConfig = { webhookUrl: string | null; slackUrl: string | null; secret: string | null; routingKey: string; appUrl: string };

export function pagerConfig(source: Record<string, string | undefined> = process.env, appUrl: string): PagerConfig {
  return {
    webhookUrl: source.ONCALL_WEBHOOK_URL?.trim() || null,
    slackUrl: source.ONCALL_SLACK_URL?.trim() || null,
    secret: source.ONCALL_WEBHOOK_SECRET?.trim() || null,
    routingKey: source.ONCALL_ROUTING_KEY?.trim() || "tenantry-oncall",
    appUrl,
  };
}

type Page = {
  alertId: string;
  kind: string;
  period: string;
  message: string;
  slug: string;
  details: Record<string, unknown>;
  createdAt: number;
};

/** The PagerDuty Events API v2 "trigger" event for an alert; dedup_key makes a re-sent page the same incident. */
export function pagerDutyEvent(page: Page, cfg: PagerConfig) {
  return {
    routing_key: cfg.routingKey,
    event_action: "trigger",
    dedup_key: `tenantry:${page.kind}:${page.slug}:${page.period}`,
    payload: {
      summary: page.message,
      source: `tenantry/${page.slug}`,
      severity: "critical",
      timestamp: new Date(page.createdAt).toISOString(),
      component: page.slug,
      group: "tenants",
      class: page.kind,
      custom_details: page.details,
    },
    links: [{ href: `${cfg.appUrl}/admin/notifications`, text: "Tenantry admin: notifications" }],
  };
}

async function post(url: string, body: string, secret: string | null, msgId: string): Promise<void> {
  const status = secret
    ? await postSigned(url, secret, msgId, body)
    : (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(10_000) }))
        .status;
  if (status < 200 || status >= 300) throw new Error(`HTTP ${status} from ${new URL(url).host}`);
}

export function pagerWorker(opts: {
  convexUrl: string;
  secret: string;
  config: PagerConfig;
  idleMs?: number;
  log?: (l: Record<string, unknown>) => void;
}): Drainer {
  const client = new ConvexHttpClient(opts.convexUrl, { logger: false });
  const log = opts.log ?? ((line) => console.log(JSON.stringify({ event: "oncall_page", ...line })));
  const cfg = opts.config;
  async function drainOnce(): Promise<number> {
    const due = await client.mutation(api.notifications.pager.claim, { secret: opts.secret, limit: 20, leaseMs: 60_000 });
    if (due.length === 0) return 0;
    const results = [];
    for (const page of due) {
      try {
        if (!cfg.webhookUrl && !cfg.slackUrl) throw new Error("No on-call URL is configured (ONCALL_WEBHOOK_URL, ONCALL_SLACK_URL).");
        if (cfg.webhookUrl) await post(cfg.webhookUrl, JSON.stringify(pagerDutyEvent(page, cfg)), cfg.secret, `page_${page.alertId}`);
        if (cfg.slackUrl)
          await post(
            cfg.slackUrl,
            JSON.stringify({ text: `:rotating_light: ${page.message} <${cfg.appUrl}/admin/notifications|Open admin>` }),
            cfg.secret,
            `slack_${page.alertId}`,
          );
        results.push({ queueId: page.queueId, ok: true });
      } catch (e) {
        results.push({ queueId: page.queueId, ok: false, error: (e as Error).message });
      }
    }
    await client.mutation(api.notifications.pager.finish, { secret: opts.secret, results });
    log({ pages: results.length, failed: results.filter((r) => !r.ok).length });
    return due.length;
  }
  return drainLoop(drainOnce, { idleMs: opts.idleMs ?? 5000, onError: (e) => log({ error: e.message }) });
}
