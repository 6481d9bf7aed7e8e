import "server-only";
import path from "node:path";
import { z } from "zod";
import type { PlanId } from "../domain/plans";

/**
 * Every environment variable Tenantry reads, parsed once (taxonomy's env.mjs pattern).
 * Each backbone (data, identity, billing) is chosen on its own by which keys are set;
 * combinations that cannot work are refused with a message saying what to add.
 */
export type Env = {
  nodeEnv: "development" | "production" | "test";
  /** Origin the app is served from, without a trailing slash. */
  appUrl: string;
  /** Absolute path of the local data directory (keys, sessions, convex-local's SQLite). */
  dataDir: string;
  convex: { kind: "cloud" | "local"; url: string };
  identity:
    | { kind: "clerk"; publishableKey: string; secretKey: string; webhookSigningSecret: string; frontendApi: string }
    | { kind: "local"; issuer: string; allowedInProduction: boolean };
  /**
   * Stripe with keys; otherwise the local simulator, which honours STRIPE_WEBHOOK_SECRET too
   * (null: lib/server/billing generates one). A previous secret is accepted while rotating.
   */
  billing: (
    | { kind: "stripe"; secretKey: string; webhookSecret: string; prices: Partial<Record<PlanId, string>> }
    | { kind: "simulator"; webhookSecret: string | null }
  ) & { previousWebhookSecret: string | null; graceDays: number };
  /** Shared with the Convex backend; lets this server call system functions (webhooks). */
  systemSecret: string | null;
};

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `should be an http(s) URL, e.g. ${example}` }).transform((u) => u.replace(/\/+$/, ""));
const prefixed = (pattern: RegExp, what: string) => z.string().regex(pattern, `should be ${what}`);

const schema = z.object({
  NODE_ENV: z
    .enum(["development", "production", "test"], { error: 'should be "development", "production" or "test"' })
    .default("development"),
  APP_URL: httpUrl("http://localhost:3000").default("http://localhost:3000"),
  TENANTRY_DATA_DIR: z.string().default(".data"),
  TENANTRY_ALLOW_LOCAL_AUTH: z.enum(["0", "1"], { error: 'should be "1" (allow) or "0"' }).default("0"),
  NEXT_PUBLIC_CONVEX_URL: httpUrl("https://happy-animal-123.convex.cloud").optional(),
  CONVEX_LOCAL_URL: httpUrl("http://127.0.0.1:3210").default("http://127.0.0.1:3210"),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: prefixed(/^pk_(test|live)_\S+$/, "a Clerk publishable key (pk_test_... or pk_live_...)").optional(),
  CLERK_SECRET_KEY: prefixed(/^sk_(test|live)_\S+$/, "a Clerk secret key (sk_test_... or sk_live_...)").optional(),
  CLERK_WEBHOOK_SIGNING_SECRET: prefixed(/^whsec_\S+$/, "the Clerk webhook signing secret (whsec_...)").optional(),
  CLERK_JWT_ISSUER_DOMAIN: httpUrl("https://verb-noun-00.clerk.accounts.dev").optional(),
  STRIPE_SECRET_KEY: prefixed(/^(sk|rk)_(test|live)_\S+$/, "a Stripe secret key (sk_test_... or sk_live_...)").optional(),
  STRIPE_WEBHOOK_SECRET: prefixed(/^whsec_\S+$/, "a Stripe webhook signing secret (whsec_...)").optional(),
  STRIPE_WEBHOOK_SECRET_PREVIOUS: prefixed(/^whsec_\S+$/, "the previous Stripe webhook signing secret (whsec_...)").optional(),
  STRIPE_PRICE_STARTER: prefixed(/^price_\S+$/, "a Stripe Price id (price_...)").optional(),
  STRIPE_PRICE_PRO: prefixed(/^price_\S+$/, "a Stripe Price id (price_...)").optional(),
  STRIPE_PRICE_ENTERPRISE: prefixed(/^price_\S+$/, "a Stripe Price id (price_...)").optional(),
  BILLING_GRACE_DAYS: z.coerce
    .number({ error: "should be a number of days" })
    .min(0, "should be 0 to 60 days")
    .max(60, "should be 0 to 60 days")
    .default(7),
  TENANTRY_SYSTEM_SECRET: z.string().min(32, "should be a random secret of at least 32 characters (openssl rand -hex 32)").optional(),
});
type Raw = z.infer<typeof schema>;
const KEYS = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/** Thrown for any invalid or impossible configuration; the message lists every problem. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Tenantry cannot start; fix the environment (see .env.example):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment (process.env by default). Pure apart from reading it: exported for tests. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // Read keys by name at run time (never `process.env.NEXT_PUBLIC_X` literally, which the
  // bundler would inline at build time) and treat `KEY=` lines as unset.
  const input: Record<string, string> = {};
  for (const key of KEYS) {
    const value = source[key]?.trim();
    if (value) input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`));
  }
  const problems: string[] = [];
  const env = resolve(parsed.data, problems, source.NEXT_PHASE === "phase-production-build");
  if (problems.length > 0) throw new EnvError(problems);
  return env;
}

function resolve(raw: Raw, problems: string[], building: boolean): Env {
  const convex: Env["convex"] = raw.NEXT_PUBLIC_CONVEX_URL
    ? { kind: "cloud", url: raw.NEXT_PUBLIC_CONVEX_URL }
    : { kind: "local", url: raw.CONVEX_LOCAL_URL };

  const clerkKeys = [raw.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, raw.CLERK_SECRET_KEY];
  let identity: Env["identity"];
  if (clerkKeys.every(Boolean)) {
    const publishableKey = raw.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY!;
    const frontendApi = frontendApiFromPublishableKey(publishableKey);
    if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(frontendApi)) {
      problems.push(
        "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY does not decode to a Clerk Frontend API host: copy it again from the Clerk dashboard (API keys)",
      );
    }
    if (!raw.CLERK_WEBHOOK_SIGNING_SECRET) {
      problems.push(
        "CLERK_WEBHOOK_SIGNING_SECRET is missing: Clerk mode mirrors organizations through POST /api/webhooks/clerk; add that endpoint's signing secret (whsec_...)",
      );
    }
    if (convex.kind === "local" && !raw.CLERK_JWT_ISSUER_DOMAIN) {
      problems.push(
        "CLERK_JWT_ISSUER_DOMAIN is missing: convex-local must know Clerk's issuer to accept its tokens; add your Clerk Frontend API URL (https://...clerk.accounts.dev)",
      );
    }
    identity = {
      kind: "clerk",
      publishableKey,
      secretKey: raw.CLERK_SECRET_KEY!,
      webhookSigningSecret: raw.CLERK_WEBHOOK_SIGNING_SECRET ?? "",
      frontendApi,
    };
  } else {
    if (clerkKeys.some(Boolean)) {
      problems.push(
        "Clerk is half configured: set both NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY (Clerk), or neither (local identity provider)",
      );
    }
    identity = { kind: "local", issuer: `${raw.APP_URL}/api/local-auth`, allowedInProduction: raw.TENANTRY_ALLOW_LOCAL_AUTH === "1" };
    if (convex.kind === "cloud") {
      problems.push(
        "NEXT_PUBLIC_CONVEX_URL points at a Convex deployment, which cannot verify tokens from the local identity provider: add NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY, or unset NEXT_PUBLIC_CONVEX_URL to use convex-local",
      );
    }
    // `next build` runs with NODE_ENV=production but serves nobody; the check belongs to `next start`.
    if (raw.NODE_ENV === "production" && !identity.allowedInProduction && !building) {
      problems.push(
        "the local identity provider lets anyone sign in as anyone and refuses NODE_ENV=production: add NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY, or set TENANTRY_ALLOW_LOCAL_AUTH=1 to accept that (every page then shows a banner)",
      );
    }
  }

  const billingCommon = { previousWebhookSecret: raw.STRIPE_WEBHOOK_SECRET_PREVIOUS ?? null, graceDays: raw.BILLING_GRACE_DAYS };
  let billing: Env["billing"] = { kind: "simulator", webhookSecret: raw.STRIPE_WEBHOOK_SECRET ?? null, ...billingCommon };
  if (raw.STRIPE_SECRET_KEY && raw.STRIPE_WEBHOOK_SECRET) {
    const prices = { starter: raw.STRIPE_PRICE_STARTER, pro: raw.STRIPE_PRICE_PRO, enterprise: raw.STRIPE_PRICE_ENTERPRISE };
    billing = { kind: "stripe", secretKey: raw.STRIPE_SECRET_KEY, webhookSecret: raw.STRIPE_WEBHOOK_SECRET, prices, ...billingCommon };
  } else if (raw.STRIPE_SECRET_KEY) {
    problems.push(
      "STRIPE_WEBHOOK_SECRET is missing: Stripe mode needs the signing secret of the endpoint POST ${APP_URL}/api/webhooks/stripe (whsec_...); or unset STRIPE_SECRET_KEY for the billing simulator",
    );
  }

  return {
    nodeEnv: raw.NODE_ENV,
    appUrl: raw.APP_URL,
    dataDir: path.resolve(raw.TENANTRY_DATA_DIR),
    convex,
    identity,
    billing,
    systemSecret: raw.TENANTRY_SYSTEM_SECRET ?? null,
  };
}

/** A Clerk publishable key is `pk_<env>_` + base64("<frontend api host>$"). */
function frontendApiFromPublishableKey(key: string): string {
  const encoded = key.replace(/^pk_(test|live)_/, "");
  return Buffer.from(encoded, "base64").toString("utf8").replace(/\$$/, "");
}

let cached: Env | undefined;

/** The parsed environment, computed on first use and then reused for the life of the process. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
