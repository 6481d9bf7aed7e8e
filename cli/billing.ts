import { InvalidArgumentError, type Command } from "commander";
import { ApiError, type Client } from "./client";
import type { IO } from "./io";
import { money, printJson, printTable } from "./output";
import { examples } from "./help";

type Side = { amountCents: number; quantity: number; status?: string } | null;
type Difference = {
  type: string;
  invoiceId: string;
  invoiceNumber: string | null;
  line: string;
  tenantry: Side;
  stripe: Side;
  message: string;
};
type Reconciliation = {
  slug: string;
  month: string;
  provider: "stripe" | "simulator";
  customerId: string | null;
  usage: { tokens: number; costMicros: number };
  invoices: {
    invoiceId: string;
    number: string | null;
    tenantry: { status: string; totalCents: number } | null;
    stripe: { status: string; totalCents: number } | null;
  }[];
  differences: Difference[];
  reconciled: boolean;
};

/** A YYYY-MM month; anything else is a usage error (exit 2) naming --month. */
export function monthValue(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value.trim())) throw new InvalidArgumentError("Use a month as YYYY-MM (e.g. 2026-03).");
  return value.trim();
}

const side = (s: Side) =>
  s ? `${s.status ? `${s.status} ` : ""}${money(s.amountCents)}${s.quantity !== 1 ? ` x${s.quantity}` : ""}` : "-";
const invoiceSide = (s: { status: string; totalCents: number } | null) => (s ? `${s.status} ${money(s.totalCents)}` : "-");

/** `tenantry billing ...`: read-only checks of what Tenantry billed (support tokens may run them). */
export function billingCommands(program: Command, io: IO, api: Client) {
  const billing = program.command("billing").description("billing checks against Stripe (the simulator in local mode)");

  billing
    .command("reconcile")
    .description("compare a month's invoices, base and metered lines with Stripe's; exit 1 when they differ")
    .argument("<slug>", "the tenant")
    .option("--month <YYYY-MM>", "the month the invoices were created in (UTC)", monthValue, new Date().toISOString().slice(0, 7))
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      `${examples(["tenantry billing reconcile acme-corp --month 2026-03", "tenantry billing reconcile acme-corp --month 2026-03 --json | jq .differences"])}\nExit codes: 0 no difference, 1 differences (or a refusal), 2 usage error.\n`,
    )
    .action(async (slug: string, o: { month: string; json?: boolean }) => {
      const out = (await api(
        "GET",
        `tenants/${encodeURIComponent(slug)}/billing/reconcile?month=${encodeURIComponent(o.month)}`,
      )) as Reconciliation;
      const n = out.differences.length;
      const summary = `${n} difference${n === 1 ? "" : "s"} between Tenantry and ${out.provider === "stripe" ? "Stripe" : "the Stripe simulator"} for ${out.slug} in ${out.month}.`;
      if (o.json) printJson(io, out);
      else {
        const used = `${out.usage.tokens.toLocaleString("en-US")} tokens, ${money(Math.round(out.usage.costMicros / 10_000))} of model cost`;
        io.stdout(`${out.slug}, ${out.month}: ${out.invoices.length} invoice(s); usage ${used}.\n`);
        if (!out.customerId) io.stdout("No Stripe customer: the tenant has never checked out.\n");
        if (out.invoices.length)
          printTable(
            io,
            ["Invoice", "Number", "Tenantry", "Stripe"],
            out.invoices.map((i) => [i.invoiceId, i.number ?? "-", invoiceSide(i.tenantry), invoiceSide(i.stripe)]),
          );
        if (n)
          printTable(
            io,
            ["Difference", "Invoice", "Line", "Tenantry", "Stripe", "Detail"],
            out.differences.map((d) => [d.type, d.invoiceNumber ?? d.invoiceId, d.line, side(d.tenantry), side(d.stripe), d.message]),
          );
        else io.stdout(`Reconciled: no differences for ${out.slug} in ${out.month}.\n`);
      }
      // The document (or table) above is the answer; the exit code tells scripts there is something to look at.
      if (n) throw new ApiError(0, "DIFFERENCES", summary, undefined, true);
    });
}
