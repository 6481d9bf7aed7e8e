import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/server/env";

/**
 * Webhook signing secrets. STRIPE_WEBHOOK_SECRET is used in both modes; with
 * none set locally, the simulator generates one in the data directory (the
 * bench reads it there). While rotating, STRIPE_WEBHOOK_SECRET_PREVIOUS is
 * accepted too. The first secret is the one events are signed with.
 */
export function webhookSecrets(): string[] {
  const billing = getEnv().billing;
  const primary = billing.webhookSecret ?? generatedSecret(getEnv().dataDir);
  return billing.previousWebhookSecret ? [primary, billing.previousWebhookSecret] : [primary];
}

const cache = new Map<string, string>();

/** `<dataDir>/stripe-webhook-secret`, created once (exclusive create, so two starts agree). */
export function generatedSecret(dataDir: string): string {
  const file = path.join(dataDir, "stripe-webhook-secret");
  const known = cache.get(file);
  if (known) return known;
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `whsec_${crypto.randomBytes(24).toString("hex")}`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  cache.set(file, secret);
  return secret;
}
