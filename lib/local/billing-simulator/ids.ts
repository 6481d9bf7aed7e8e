/**
 * Small helpers for the simulator's Stripe-shaped objects: ids that look like
 * Stripe's (prefix + random alphanumerics), the wire form of decimals, and
 * calendar-month periods.
 */
import crypto from "node:crypto";
import type Stripe from "stripe";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** e.g. newId("sub") -> "sub_1Q2w3E4r5T6y7U8i9O0pAsDf" (test-mode style). */
export function newId(prefix: string, length = 24): string {
  const bytes = crypto.randomBytes(length);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

/** On the wire a Stripe decimal is a string; the SDK's types call it Decimal. */
export function decimal(value: string): Stripe.Price["unit_amount_decimal"] {
  return value as unknown as Stripe.Price["unit_amount_decimal"];
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

/** The same time one calendar month later (day clamped to the month's end), in seconds. */
export function addMonth(at: number): number {
  const d = new Date(at * 1000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return seconds(target.getTime());
}

/** The first second of the UTC month `at` (seconds) falls in. */
export function monthStart(at: number): number {
  const d = new Date(at * 1000);
  return seconds(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
