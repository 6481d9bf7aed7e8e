/**
 * Billing reconciliation: what Tenantry recorded for a month's invoices (the
 * plan's base line, the metered lines decided at invoice.created, the totals
 * and statuses its webhook stored) against the invoices and lines the billing
 * provider (Stripe, or the simulator) holds for the same customer and month.
 * Pure: both sides are read elsewhere (convex/admin/billing.ts, lib/server/billing).
 */
import type { MeteredLine } from "./bill";

/** base: the subscription's own line; tokens and storage: Tenantry's metered lines (metadata.tenantry_line); other: anything else (prorations, manual items). */
export type LedgerLineKind = "base" | "tokens" | "storage" | "other";
export type LedgerLine = { id: string; kind: LedgerLineKind; description: string; quantity: number; amountCents: number };

/** An invoice as the provider has it. `createdAt` in ms. */
export type ProviderInvoice = {
  id: string;
  number: string | null;
  status: string;
  billingReason: string | null;
  totalCents: number;
  createdAt: number;
  lines: LedgerLine[];
};

/** An invoice as Tenantry recorded it; `baseCents` is the plan price its subscription line should carry (null: not checked). */
export type RecordedInvoice = {
  id: string;
  number: string | null;
  status: string;
  billingReason: string | null;
  totalCents: number;
  createdAt: number;
  baseCents: number | null;
  /** null: invoice.created never decided lines for it (not a period-end invoice, or not handled yet). */
  meteredLines: MeteredLine[] | null;
};

export const DIFFERENCE_TYPES = [
  "missing_invoice",
  "unrecorded_invoice",
  "missing_line",
  "unexpected_line",
  "duplicate_line",
  "amount_mismatch",
  "quantity_mismatch",
  "status_mismatch",
] as const;
export type DifferenceType = (typeof DIFFERENCE_TYPES)[number];

/** One side of a difference: what that side has for the line (or the invoice total, line "total"). */
export type Side = { amountCents: number; quantity: number; status?: string } | null;
export type Difference = {
  type: DifferenceType;
  invoiceId: string;
  invoiceNumber: string | null;
  /** The line compared: base, tokens, storage, or "invoice" / "total" for the invoice itself. */
  line: "base" | "tokens" | "storage" | "invoice" | "total";
  tenantry: Side;
  stripe: Side;
  message: string;
};

const usd = (cents: number) => `$${(cents / 100).toFixed(2)}`;
type Expected = { kind: "base" | "tokens" | "storage"; amountCents: number };

/**
 * The lines Tenantry expects on the provider's invoice. Invoice items carry an amount, so
 * Stripe shows quantity 1 for each metered line whatever the tokens or bytes behind it.
 */
function expectedLines(r: RecordedInvoice): Expected[] {
  const base: Expected[] = r.baseCents === null ? [] : [{ kind: "base", amountCents: r.baseCents }];
  return [...base, ...(r.meteredLines ?? []).map((l) => ({ kind: l.kind, amountCents: l.amountCents }))];
}

function compareLines(r: RecordedInvoice, p: ProviderInvoice): Difference[] {
  const out: Difference[] = [];
  const at = (line: Difference["line"]) => ({ invoiceId: r.id, invoiceNumber: p.number ?? r.number, line });
  const expected = expectedLines(r);
  const kinds = ["base", "tokens", "storage"] as const;
  for (const kind of kinds) {
    // Base lines are only expected where Tenantry knows the plan price; elsewhere they are the provider's business.
    if (kind === "base" && r.baseCents === null) continue;
    const want = expected.find((e) => e.kind === kind) ?? null;
    const have = p.lines.filter((l) => l.kind === kind);
    if (!want) {
      for (const l of have)
        out.push({
          type: "unexpected_line",
          ...at(kind),
          tenantry: null,
          stripe: { amountCents: l.amountCents, quantity: l.quantity },
          message: `${p.id} has a ${kind} line (${usd(l.amountCents)}) Tenantry never decided.`,
        });
      continue;
    }
    const wantSide = { amountCents: want.amountCents, quantity: 1 };
    if (!have.length) {
      out.push({
        type: "missing_line",
        ...at(kind),
        tenantry: wantSide,
        stripe: null,
        message: `${p.id} has no ${kind} line; Tenantry billed ${usd(want.amountCents)}.`,
      });
      continue;
    }
    // The line that agrees best is the match; any others are duplicates.
    const match = have.find((l) => l.amountCents === want.amountCents && l.quantity === 1) ?? have[0];
    for (const extra of have.filter((l) => l !== match))
      out.push({
        type: "duplicate_line",
        ...at(kind),
        tenantry: wantSide,
        stripe: { amountCents: extra.amountCents, quantity: extra.quantity },
        message: `${p.id} has ${have.length} ${kind} lines; Tenantry added one.`,
      });
    const haveSide = { amountCents: match.amountCents, quantity: match.quantity };
    if (match.amountCents !== want.amountCents)
      out.push({
        type: "amount_mismatch",
        ...at(kind),
        tenantry: wantSide,
        stripe: haveSide,
        message: `${kind} line: Tenantry ${usd(want.amountCents)}, Stripe ${usd(match.amountCents)}.`,
      });
    if (match.quantity !== 1)
      out.push({
        type: "quantity_mismatch",
        ...at(kind),
        tenantry: wantSide,
        stripe: haveSide,
        message: `${kind} line: Tenantry quantity 1, Stripe quantity ${match.quantity}.`,
      });
  }
  if (r.totalCents !== p.totalCents)
    out.push({
      type: "amount_mismatch",
      ...at("total"),
      tenantry: { amountCents: r.totalCents, quantity: 1 },
      stripe: { amountCents: p.totalCents, quantity: 1 },
      message: `Invoice total: Tenantry recorded ${usd(r.totalCents)}, Stripe has ${usd(p.totalCents)}.`,
    });
  if (r.status !== p.status)
    out.push({
      type: "status_mismatch",
      ...at("invoice"),
      tenantry: { amountCents: r.totalCents, quantity: 1, status: r.status },
      stripe: { amountCents: p.totalCents, quantity: 1, status: p.status },
      message: `Invoice status: Tenantry recorded ${r.status}, Stripe has ${p.status}.`,
    });
  return out;
}

/** Every difference between the two sides, invoices in creation order. Empty: the month reconciles. */
export function reconcileInvoices(recorded: RecordedInvoice[], provider: ProviderInvoice[]): Difference[] {
  const theirs = new Map(provider.map((p) => [p.id, p]));
  const ours = new Set(recorded.map((r) => r.id));
  const out: Difference[] = [];
  const ids = [...recorded, ...provider.filter((p) => !ours.has(p.id))].sort((a, b) => a.createdAt - b.createdAt);
  for (const { id } of ids) {
    const r = recorded.find((x) => x.id === id);
    const p = theirs.get(id);
    if (r && p) out.push(...compareLines(r, p));
    else if (r)
      out.push({
        type: "missing_invoice",
        invoiceId: r.id,
        invoiceNumber: r.number,
        line: "invoice",
        tenantry: { amountCents: r.totalCents, quantity: 1, status: r.status },
        stripe: null,
        message: `Tenantry recorded ${r.id} (${usd(r.totalCents)}); Stripe has no such invoice for this customer.`,
      });
    else if (p)
      out.push({
        type: "unrecorded_invoice",
        invoiceId: p.id,
        invoiceNumber: p.number,
        line: "invoice",
        tenantry: null,
        stripe: { amountCents: p.totalCents, quantity: 1, status: p.status },
        message: `Stripe has ${p.id} (${usd(p.totalCents)}, ${p.status}); Tenantry never recorded it (a lost webhook?).`,
      });
  }
  return out;
}

/** First instant of a YYYY-MM month and of the next (ms, UTC); null for anything else. */
export function monthBounds(month: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  return { from: Date.UTC(y, mo - 1, 1), to: Date.UTC(y, mo, 1) };
}
