/**
 * Card numbers the simulator accepts: Stripe's documented test cards, with
 * the behaviour Stripe gives them. Anything else is refused with the field
 * and the reason, as Checkout does in test mode.
 */
import { newId } from "./ids";
import { own } from "../../server/billing/own";

export type CardBehavior = "succeed" | "decline" | "insufficient_funds" | "fail_charges";
export type SimCard = { paymentMethodId: string; brand: string; last4: string; expMonth: number; expYear: number; behavior: CardBehavior };
export type CardInput = { number: string; expiry: string; cvc: string };
export type CardField = "number" | "expiry" | "cvc";
export type CardProblem = { field: CardField; code: string; message: string };

const TEST_CARDS: Record<string, { brand: string; behavior: CardBehavior }> = {
  "4242424242424242": { brand: "visa", behavior: "succeed" },
  "5555555555554444": { brand: "mastercard", behavior: "succeed" },
  "4000000000000002": { brand: "visa", behavior: "decline" },
  "4000000000009995": { brand: "visa", behavior: "insufficient_funds" },
  // Attaches to the customer, but every later charge fails (Stripe's test card for failed renewals).
  "4000000000000341": { brand: "visa", behavior: "fail_charges" },
};

/** Stripe's messages for a refused charge. */
export const DECLINE_MESSAGES: Record<Exclude<CardBehavior, "succeed">, { code: string; message: string }> = {
  decline: { code: "card_declined", message: "Your card was declined." },
  insufficient_funds: { code: "card_declined", message: "Your card has insufficient funds." },
  fail_charges: { code: "card_declined", message: "Your card was declined." },
};

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Checks the form fields; a valid test card comes back ready to attach. */
export function readCard(input: CardInput, now = new Date()): { card: SimCard } | { problem: CardProblem } {
  const digits = input.number.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(digits) || !luhn(digits))
    return { problem: { field: "number", code: "incorrect_number", message: "Your card number is incorrect." } };
  const test = own(TEST_CARDS, digits);
  if (!test) {
    return {
      problem: {
        field: "number",
        code: "card_declined",
        message: "This is the billing simulator: use a test card such as 4242 4242 4242 4242.",
      },
    };
  }
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(input.expiry);
  const month = expiry ? Number(expiry[1]) : 0;
  const year = expiry ? (expiry[2].length === 2 ? 2000 + Number(expiry[2]) : Number(expiry[2])) : 0;
  if (!expiry || month < 1 || month > 12)
    return { problem: { field: "expiry", code: "invalid_expiry", message: "Your card's expiration date is incomplete (MM / YY)." } };
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) {
    return { problem: { field: "expiry", code: "expired_card", message: "Your card's expiration date is in the past." } };
  }
  if (!/^\d{3,4}$/.test(input.cvc.trim()))
    return { problem: { field: "cvc", code: "incorrect_cvc", message: "Your card's security code is incomplete." } };
  return {
    card: {
      paymentMethodId: newId("pm"),
      brand: test.brand,
      last4: digits.slice(-4),
      expMonth: month,
      expYear: year,
      behavior: test.behavior,
    },
  };
}

/** The card that demo tenants (seeded as paying) already have on file. */
export const demoCard = (): SimCard => ({
  paymentMethodId: newId("pm"),
  brand: "visa",
  last4: "4242",
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 3,
  behavior: "succeed",
});
