/** The webhook log's filters as URL search params: provider, outcome, tenant slug; `after` is the cursor trail. */
export const PROVIDERS = ["stripe", "clerk"] as const;
export const OUTCOMES = ["processed", "duplicate", "ignored", "failed", "received"] as const;
export type WebhookFilters = { provider: (typeof PROVIDERS)[number] | null; outcome: (typeof OUTCOMES)[number] | null; tenant: string };
type Params = { get(name: string): string | null; getAll(name: string): string[] };

const pick = <T extends string>(v: string | null, allowed: readonly T[]) =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : null;

export function parseWebhookFilters(params: Params): WebhookFilters & { after: string[] } {
  return {
    provider: pick(params.get("provider"), PROVIDERS),
    outcome: pick(params.get("outcome"), OUTCOMES),
    tenant: (params.get("tenant") ?? "").trim().slice(0, 64),
    after: params.getAll("after").slice(0, 50),
  };
}

export function webhookSearch(f: WebhookFilters, after: string[] = []): string {
  const p = new URLSearchParams();
  if (f.provider) p.set("provider", f.provider);
  if (f.outcome) p.set("outcome", f.outcome);
  if (f.tenant) p.set("tenant", f.tenant);
  for (const c of after) p.append("after", c);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function webhookArgs(f: WebhookFilters) {
  return {
    ...(f.provider ? { provider: f.provider } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.tenant ? { tenantSlug: f.tenant } : {}),
  };
}
