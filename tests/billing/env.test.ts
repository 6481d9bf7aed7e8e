// Billing's environment: Stripe with keys, the simulator otherwise (honouring a webhook secret), grace days checked.
import { vi, describe, it, expect } from "vitest";
vi.mock("server-only", () => ({}));
import { EnvError, parseEnv } from "../../lib/server/env";

const base = { NODE_ENV: "test" };
const problems = (env: Record<string, string>) => {
  try {
    parseEnv({ ...base, ...env });
  } catch (e) {
    if (e instanceof EnvError) return e.problems.join("\n");
    throw e;
  }
  return "";
};

describe("billing configuration", () => {
  it("defaults to the simulator with a generated secret and 7 grace days", () => {
    expect(parseEnv(base).billing).toEqual({ kind: "simulator", webhookSecret: null, previousWebhookSecret: null, graceDays: 7 });
  });

  it("lets the simulator sign with STRIPE_WEBHOOK_SECRET, and accepts a previous secret and grace days", () => {
    const env = parseEnv({
      ...base,
      STRIPE_WEBHOOK_SECRET: "whsec_local",
      STRIPE_WEBHOOK_SECRET_PREVIOUS: "whsec_old",
      BILLING_GRACE_DAYS: "3",
    });
    expect(env.billing).toEqual({ kind: "simulator", webhookSecret: "whsec_local", previousWebhookSecret: "whsec_old", graceDays: 3 });
  });

  it("uses Stripe with a secret key and webhook secret, with the plans' prices", () => {
    const env = parseEnv({ ...base, STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_live", STRIPE_PRICE_PRO: "price_pro" });
    expect(env.billing).toMatchObject({
      kind: "stripe",
      secretKey: "sk_test_123",
      webhookSecret: "whsec_live",
      prices: { pro: "price_pro" },
    });
  });

  it.each([
    [{ STRIPE_SECRET_KEY: "sk_test_123" }, /STRIPE_WEBHOOK_SECRET is missing/],
    [{ STRIPE_WEBHOOK_SECRET: "secret-without-prefix" }, /STRIPE_WEBHOOK_SECRET should be a Stripe webhook signing secret/],
    [{ STRIPE_PRICE_PRO: "prod_123" }, /STRIPE_PRICE_PRO should be a Stripe Price id/],
    [{ BILLING_GRACE_DAYS: "-1" }, /BILLING_GRACE_DAYS should be 0 to 60 days/],
    [{ BILLING_GRACE_DAYS: "soon" }, /BILLING_GRACE_DAYS should be a number of days/],
  ])("refuses %o, naming the variable", (env, message) => {
    expect(problems(env as Record<string, string>)).toMatch(message);
  });
});
