/**
 * Plans, prices, quotas, models and overage rules: the one place they live.
 * Imported by Convex functions (quota checks, bills) and by the Next app
 * (pricing, quota bars), so the two can never disagree.
 *
 * Money is integer: cents for prices and bills, micro-dollars (1e-6 USD)
 * for per-call usage costs. `null` in a quota means unlimited.
 */

export const PLAN_IDS = ["starter", "pro", "enterprise"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export const QUOTA_KEYS = ["agents", "monthlyTokens", "storageBytes", "concurrentSessions", "apiCallsPerMinute"] as const;
export type QuotaKey = (typeof QUOTA_KEYS)[number];
export type Quotas = Record<QuotaKey, number | null>;
/** Staff overrides: any quota may be replaced per tenant. */
export type QuotaOverrides = Partial<Quotas>;

const GB = 1024 ** 3;

/** What happens when monthly tokens reach 100% (the seed's hard limit). */
export type TokenLimitPolicy = "refuse" | "free_model";

export type Plan = {
  id: PlanId;
  name: string;
  /** Base fee per month, in cents. */
  priceCents: number;
  quotas: Quotas;
  /** Tokens included in the base fee; beyond them, token overage applies. */
  includedTokens: number;
  models: readonly ModelId[];
  tokenLimitPolicy: TokenLimitPolicy;
  /** Env var holding this plan's Stripe Price id in cloud mode. */
  stripePriceEnv: string;
};

export const MODELS = {
  "claude-opus-4-6": { label: "Claude Opus 4.6", inputPerMTokUsd: 15, outputPerMTokUsd: 75 },
  "claude-sonnet-4-5": { label: "Claude Sonnet 4.5", inputPerMTokUsd: 3, outputPerMTokUsd: 15 },
  "claude-haiku-4-5": { label: "Claude Haiku 4.5", inputPerMTokUsd: 1, outputPerMTokUsd: 5 },
  "gpt-4o": { label: "GPT-4o", inputPerMTokUsd: 2.5, outputPerMTokUsd: 10 },
  "llama-3.1-8b": { label: "Llama 3.1 8B (free)", inputPerMTokUsd: 0, outputPerMTokUsd: 0 },
} as const;
export type ModelId = keyof typeof MODELS;
export const MODEL_IDS = Object.keys(MODELS) as ModelId[];
/** The model calls are routed to once a `free_model` plan has used its monthly tokens. */
export const FREE_MODEL: ModelId = "llama-3.1-8b";

export const PLANS: Record<PlanId, Plan> = {
  starter: {
    id: "starter",
    name: "Starter",
    priceCents: 49_00,
    quotas: { agents: 10, monthlyTokens: 5_000_000, storageBytes: 10 * GB, concurrentSessions: 25, apiCallsPerMinute: 500 },
    includedTokens: 5_000_000,
    models: ["claude-haiku-4-5", "gpt-4o", "llama-3.1-8b"],
    tokenLimitPolicy: "refuse",
    stripePriceEnv: "STRIPE_PRICE_STARTER",
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceCents: 299_00,
    quotas: { agents: 100, monthlyTokens: 50_000_000, storageBytes: 100 * GB, concurrentSessions: 100, apiCallsPerMinute: 5_000 },
    includedTokens: 50_000_000,
    models: ["claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-4o", "llama-3.1-8b"],
    tokenLimitPolicy: "free_model",
    stripePriceEnv: "STRIPE_PRICE_PRO",
  },
  enterprise: {
    id: "enterprise",
    name: "Enterprise",
    priceCents: 1_999_00,
    // The seed's "Unlimited" / "Custom": unlimited agents, generous defaults staff can override.
    quotas: { agents: null, monthlyTokens: 500_000_000, storageBytes: 1_000 * GB, concurrentSessions: 1_000, apiCallsPerMinute: 20_000 },
    includedTokens: 500_000_000,
    models: ["claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-4o", "llama-3.1-8b"],
    tokenLimitPolicy: "free_model",
    stripePriceEnv: "STRIPE_PRICE_ENTERPRISE",
  },
};

/** The seed's overage rules. */
export const OVERAGE = {
  /** $10 per million tokens beyond the plan's included tokens. */
  tokenCentsPerMillion: 10_00,
  /** $0.10 per GB of storage beyond quota. */
  storageCentsPerGb: 10,
};

/** Token overage in cents for `tokens` beyond the included ones: $10 per million, rounded half up to the cent. */
export function tokenOverageCents(tokens: number): number {
  if (tokens <= 0) return 0;
  // cents = tokens * 1000 / 1e6, in integers: add half the divisor before dividing.
  return Math.floor((tokens * OVERAGE.tokenCentsPerMillion + 500_000) / 1_000_000);
}

/** Storage overage in cents for `bytes` beyond quota: $0.10 per GB (GiB, as quotas are), rounded half up. */
export function storageOverageCents(bytes: number): number {
  if (bytes <= 0) return 0;
  return Math.floor((bytes * OVERAGE.storageCentsPerGb + GB / 2) / GB);
}

/** Monthly budget alerts (percent of the tenant's budget), each at most once per month. */
export const BUDGET_THRESHOLDS = [80, 90, 100] as const;

/** Soft limits (percent of a quota) that notify once per period; 100 is the hard limit. */
export const SOFT_LIMITS = [80, 90] as const;

export const TRIAL_DAYS = 14;
export const DELETION_RETENTION_DAYS = 30;

export function isPlanId(x: string): x is PlanId {
  return (PLAN_IDS as readonly string[]).includes(x);
}

/** A tenant's effective quotas: the plan's, with staff overrides on top. */
export function effectiveQuotas(plan: PlanId, overrides: QuotaOverrides | undefined): Quotas {
  return { ...PLANS[plan].quotas, ...(overrides ?? {}) };
}

/** Cost of one call in integer micro-dollars. */
export function costMicros(model: ModelId, inputTokens: number, outputTokens: number): number {
  const m = MODELS[model];
  // USD per million tokens == micro-dollars per token.
  return Math.round(inputTokens * m.inputPerMTokUsd + outputTokens * m.outputPerMTokUsd);
}

export function isModelId(x: string): x is ModelId {
  // Own keys only: `"toString" in MODELS` is true, and a caller may send any string.
  return Object.hasOwn(MODELS, x);
}

/** Whether `plan` includes `model`: the one check behind agents, onboarding and the runtime API. */
export function planAllowsModel(plan: PlanId, model: string): model is ModelId {
  return (PLANS[plan].models as readonly string[]).includes(model);
}

/** The one refusal for a model outside the plan (field "model" or the form's own field name). */
export function modelNotInPlanMessage(plan: PlanId, model: string): string {
  return `${model} is not included in the ${PLANS[plan].name} plan. Upgrade to use it.`;
}

/** Percent of a quota used (0 for unlimited), rounded down. */
export function quotaPercent(used: number, limit: number | null): number {
  if (limit === null || limit <= 0) return 0;
  return Math.floor((used / limit) * 100);
}
