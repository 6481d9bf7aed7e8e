/**
 * The billing simulator as the app reaches it (local mode only): its hosted
 * Checkout and portal pages, their form posts, and staff redelivery. The
 * simulator itself lives in lib/local; pages and routes import it only
 * through this adapter, so the layer rule (lib/local behind lib/server) holds.
 */
export { cardFrom, cardProblemResponse, simulatorRequest } from "@/lib/local/billing-simulator/request";
export { checkoutView, portalView } from "@/lib/local/billing-simulator/views";
export { completeCheckout, setCancelAtPeriodEnd, updateCard } from "@/lib/local/billing-simulator/operations";
export { deliver, redeliver, type Transport } from "@/lib/local/billing-simulator/delivery";
export { adoptTenant } from "@/lib/local/billing-simulator/accounts";

/** What an invoice's PDF shows: the record the Billing page lists (convex billing/account:invoice). */
export type InvoiceDocument = {
  number: string | null;
  status: string;
  createdAt: number;
  periodStart: number;
  periodEnd: number;
  lines: { description: string; amountCents: number }[];
  totalCents: number;
  amountPaidCents: number;
  amountDueCents: number;
  billedTo: { name: string; email: string };
};

/** PDF text: printable ASCII only (the built-in Helvetica's safe range), with the string delimiters escaped. */
const pdfText = (s: string) =>
  s
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/[\\()]/g, (c) => `\\${c}`)
    .slice(0, 120);

/**
 * An invoice as a one-page PDF, written by hand (PDF 1.4, Helvetica, no dependencies): the
 * simulator's invoices have no Stripe-hosted PDF, and the PDF must say what the view says.
 * Text is ASCII only, so string length is byte length and the xref offsets are exact.
 */
export function invoicePdf(doc: InvoiceDocument, format: { money: (cents: number) => string; date: (ms: number) => string }): Uint8Array {
  const rows: string[] = [];
  let y = 790;
  const line = (text: string, size = 11, x = 56) => {
    rows.push(`BT /F1 ${size} Tf ${x} ${y} Td (${pdfText(text)}) Tj ET`);
    y -= size + 9;
  };
  line(`Invoice ${doc.number ?? "(draft)"}`, 20);
  line(`Status: ${doc.status}`);
  line(`Date: ${format.date(doc.createdAt)}`);
  line(`Period: ${format.date(doc.periodStart)} to ${format.date(doc.periodEnd)}`);
  line(`Billed to: ${doc.billedTo.name} <${doc.billedTo.email}>`);
  y -= 10;
  for (const l of doc.lines) line(`${l.description}: ${format.money(l.amountCents)}`);
  y -= 10;
  line(`Total: ${format.money(doc.totalCents)}`, 13);
  line(`Paid: ${format.money(doc.amountPaidCents)}`);
  line(`Amount due: ${format.money(doc.amountDueCents)}`);
  const content = rows.join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
