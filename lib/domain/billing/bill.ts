/**
 * A bill's lines from usage figures, with the plans module's rules. The bill
 * preview and the metered lines added to Stripe invoices both come from this
 * one function (through convex/lib/billing/bill.ts), so they cannot disagree.
 * Pure, integer cents throughout.
 */
import { formatNumber } from "../format";
import { PLANS, storageOverageCents, tokenOverageCents, type PlanId } from "../plans";

export type BillLineKind = "base" | "tokens" | "storage";
export type BillLine = { kind: BillLineKind; description: string; quantity: number; amountCents: number };
export type MeteredLine = BillLine & { kind: "tokens" | "storage" };

export type BillInput = {
  plan: PlanId;
  /** Tokens used in the period being billed. */
  tokens: number;
  storageBytes: number;
  /** The tenant's effective storage quota; null is unlimited (no storage overage). */
  storageQuotaBytes: number | null;
};

const GB = 1024 ** 3;
// Invoice lines are read by people: the shared formats, except GB keeps two decimals for small overages.
const fmt = formatNumber;
const gb = (bytes: number) => gbTwoDecimals.format(bytes / GB);
const gbTwoDecimals = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

export function billLines(input: BillInput): { lines: BillLine[]; totalCents: number; overTokens: number; overBytes: number } {
  const plan = PLANS[input.plan];
  const overTokens = Math.max(0, input.tokens - plan.includedTokens);
  const overBytes = input.storageQuotaBytes === null ? 0 : Math.max(0, input.storageBytes - input.storageQuotaBytes);
  const lines: BillLine[] = [
    { kind: "base", description: `${plan.name} plan`, quantity: 1, amountCents: plan.priceCents },
    {
      kind: "tokens",
      description: `Token overage: ${fmt(overTokens)} tokens beyond the ${fmt(plan.includedTokens)} included ($10 per million)`,
      quantity: overTokens,
      amountCents: tokenOverageCents(overTokens),
    },
    {
      kind: "storage",
      description: `Storage overage: ${gb(overBytes)} GB beyond the quota ($0.10 per GB)`,
      quantity: overBytes,
      amountCents: storageOverageCents(overBytes),
    },
  ];
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.amountCents, 0), overTokens, overBytes };
}

/** The lines Tenantry adds to a Stripe invoice: the metered ones that cost something (the base fee is the subscription's own line). */
export function meteredLines(lines: BillLine[]): MeteredLine[] {
  return lines.filter((l): l is MeteredLine => l.kind !== "base" && l.amountCents > 0);
}
