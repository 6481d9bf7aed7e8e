import { Badge, type BadgeProps } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCents, formatDate } from "@/lib/domain/format";
import { ReceiptIcon } from "lucide-react";
import Link from "next/link";

export type InvoiceRow = {
  /** Tenantry's row id (the browser gets no Stripe ids). */
  id: string;
  number: string | null;
  status: string;
  totalCents: number;
  periodStart: number;
  periodEnd: number;
  createdAt: number;
  hostedInvoiceUrl: string | null;
  paymentFailed: boolean;
  meteredLines: { kind: string; amountCents: number }[];
};

function status(row: InvoiceRow): { label: string; variant: NonNullable<BadgeProps["variant"]> } {
  if (row.paymentFailed) return { label: "Payment failed", variant: "destructive" };
  const known: Record<string, { label: string; variant: NonNullable<BadgeProps["variant"]> }> = {
    paid: { label: "Paid", variant: "success" },
    open: { label: "Open", variant: "warning" },
    draft: { label: "Draft", variant: "secondary" },
    void: { label: "Void", variant: "outline" },
    uncollectible: { label: "Uncollectible", variant: "destructive" },
  };
  return known[row.status] ?? { label: row.status, variant: "secondary" };
}

const link = "text-primary underline-offset-4 hover:underline";

/** Invoices Stripe reported for this tenant, newest first, with the overage Tenantry added to each, each with its view and PDF. */
export function InvoicesTable({ invoices, slug }: { invoices: InvoiceRow[]; slug: string }) {
  if (invoices.length === 0) {
    return <EmptyState icon={<ReceiptIcon />} title="No invoices yet" description="Invoices appear here once the first payment is made." />;
  }
  return (
    <Table aria-label="Invoices" stickyFirstColumn>
      <TableHeader>
        <TableRow>
          <TableHead>Invoice</TableHead>
          <TableHead>Date</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Overage</TableHead>
          <TableHead className="text-right">Total</TableHead>
          <TableHead className="text-right">
            <span className="sr-only">Download</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {invoices.map((row) => {
          const s = status(row);
          const overage = row.meteredLines.reduce((sum, l) => sum + l.amountCents, 0);
          return (
            <TableRow key={row.id}>
              <TableCell className="font-medium">
                <Link href={`/t/${slug}/billing/invoices/${row.id}`} className={link}>
                  {row.number ?? "Draft"}
                </Link>
              </TableCell>
              <TableCell>{formatDate(row.createdAt)}</TableCell>
              <TableCell>
                <Badge variant={s.variant}>{s.label}</Badge>
              </TableCell>
              <TableCell className="tabular-nums">{overage > 0 ? formatCents(overage) : "—"}</TableCell>
              <TableCell className="text-right tabular-nums">{formatCents(row.totalCents)}</TableCell>
              <TableCell className="text-right">
                <a
                  href={`/t/${slug}/billing/invoices/${row.id}/pdf`}
                  className={link}
                  aria-label={`PDF of invoice ${row.number ?? "draft"}`}
                >
                  PDF
                </a>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
