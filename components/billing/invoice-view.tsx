import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import { PageHeader } from "@/components/shared/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { api } from "@/convex/_generated/api";
import { formatCents, formatDate } from "@/lib/domain/format";

type Invoice = NonNullable<FunctionReturnType<typeof api.billing.account.invoice>>;

const link = "text-sm font-medium text-primary underline-offset-4 hover:underline";

/** One invoice as its PDF shows it: lines, total, paid and due, with the PDF and (when Stripe hosts one) Stripe's page. */
export function InvoiceView({ invoice, slug }: { invoice: Invoice; slug: string }) {
  const status = invoice.paymentFailed ? "payment failed" : invoice.status;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Invoice ${invoice.number ?? "(draft)"}`}
        description={`Issued ${formatDate(invoice.createdAt)} for ${formatDate(invoice.periodStart)} to ${formatDate(invoice.periodEnd)} · ${status}`}
        actions={
          <div className="flex flex-wrap gap-4">
            <a href={`/t/${slug}/billing/invoices/${invoice.id}/pdf`} className={link} data-testid="invoice-pdf">
              Download PDF
            </a>
            {invoice.hostedInvoiceUrl && (
              <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noreferrer" className={link}>
                Stripe invoice page
              </a>
            )}
            <Link href={`/t/${slug}/billing`} className={link}>
              Back to billing
            </Link>
          </div>
        }
      />
      <Card>
        <CardHeader>
          <CardDescription>
            Billed to {invoice.billedTo.name} ({invoice.billedTo.email})
          </CardDescription>
          <CardTitle className="text-xl tabular-nums">{formatCents(invoice.totalCents)}</CardTitle>
        </CardHeader>
        <CardContent>
          <table className="w-full text-sm" aria-label="Invoice lines">
            <tbody>
              {invoice.lines.map((l, i) => (
                <tr key={i} className="border-b">
                  <th scope="row" className="py-1.5 text-left font-normal">
                    {l.description}
                  </th>
                  <td className="py-1.5 text-right tabular-nums">{formatCents(l.amountCents)}</td>
                </tr>
              ))}
              <tr className="border-b font-medium">
                <th scope="row" className="py-1.5 text-left">
                  Total
                </th>
                <td className="py-1.5 text-right tabular-nums">{formatCents(invoice.totalCents)}</td>
              </tr>
              <tr>
                <th scope="row" className="py-1.5 text-left font-normal text-muted-foreground">
                  Paid
                </th>
                <td className="py-1.5 text-right tabular-nums">{formatCents(invoice.amountPaidCents)}</td>
              </tr>
              <tr>
                <th scope="row" className="py-1.5 text-left font-normal text-muted-foreground">
                  Amount due
                </th>
                <td className="py-1.5 text-right tabular-nums">{formatCents(invoice.amountDueCents)}</td>
              </tr>
            </tbody>
          </table>
        </CardContent>
      </Card>
    </div>
  );
}
