/**
 * Tenants' outbound webhooks: the events a workspace can subscribe an endpoint to,
 * and the checks on an endpoint's URL and description (both sides read these).
 */
export const WEBHOOK_EVENTS = {
  "usage.threshold_crossed": "A quota or budget passed one of its thresholds (80%, 90%, 95%)",
  "quota.reached": "An API call was refused at a quota's hard limit (once per quota and month)",
  "agent.created": "An agent was created",
  "agent.deleted": "An agent was deleted",
  "member.joined": "Someone accepted an invitation",
  "member.left": "A member left or was removed",
  "plan.changed": "The workspace's plan changed",
  "invoice.paid": "An invoice was paid",
  "invoice.payment_failed": "An invoice's payment failed",
  "webhook.test": "A test event sent from the endpoint's page",
} as const;
export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;

/**
 * Events in the list that nothing emits yet; the endpoint form does not offer them, so it
 * promises only what arrives. Empty since quota.reached is written by the API door.
 */
export const NOT_YET_EMITTED: ReadonlySet<WebhookEvent> = new Set<WebhookEvent>();

export function isWebhookEvent(x: string): x is WebhookEvent {
  return Object.hasOwn(WEBHOOK_EVENTS, x);
}

/** Notification kinds that are also events for the workspace's own webhook endpoints (convex/notifications/send.ts emits them). */
export function webhookEventOf(kind: string): WebhookEvent | null {
  if (kind.startsWith("quota.") || kind.startsWith("budget.")) return "usage.threshold_crossed";
  if (kind === "billing.payment_failed") return "invoice.payment_failed";
  if (kind === "team.member_joined") return "member.joined";
  return null;
}

export const MAX_ENDPOINTS = 10;

/** Problem with an endpoint URL, or null: https anywhere; plain http only to this machine (local receivers). */
export function endpointUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return "Enter a full URL, e.g. https://example.com/webhooks/tenantry.";
  }
  if (url.username || url.password) return "The URL must not carry a username or password.";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) return null;
  return "Use an https:// URL (plain http only to localhost).";
}

export function eventsProblem(events: string[]): string | null {
  if (events.length === 0) return "Choose at least one event.";
  const unknown = events.find((e) => !isWebhookEvent(e));
  return unknown ? `Unknown event "${unknown}".` : null;
}
