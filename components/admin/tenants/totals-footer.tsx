import { formatCents, formatMicros, formatNumber } from "@/lib/domain/format";
import type { Summary } from "./summary-cards";

/**
 * The totals row under the table (the seed's "Total Revenue" and status counts): platform-wide
 * sums from the maintained counters, whatever page or filter is shown above it.
 */
export function TotalsFooter({ summary }: { summary: Summary }) {
  const items = [
    { label: "Tenants", value: formatNumber(summary.total) },
    { label: "Agents", value: formatNumber(summary.agents) },
    { label: "MRR", value: formatCents(summary.mrrCents) },
    { label: "Total revenue this month", value: formatCents(summary.revenueThisMonthCents) },
    { label: "Usage cost this month", value: formatMicros(summary.usageCostMicros) },
    { label: "Active", value: formatNumber(summary.byStatus.active) },
    { label: "Trial", value: formatNumber(summary.byStatus.trial) },
    { label: "Past due", value: formatNumber(summary.byStatus.past_due) },
    { label: "Suspended", value: formatNumber(summary.byStatus.suspended) },
  ];
  return (
    <section aria-labelledby="tenant-totals" className="rounded-md border bg-muted/40 px-4 py-3 text-sm">
      <h2 id="tenant-totals" className="mb-2 font-medium">
        Totals, all tenants <span className="font-normal text-muted-foreground">(excluding deleted; not only this page)</span>
      </h2>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 sm:grid-cols-3 lg:grid-cols-5">
        {items.map((item) => (
          <div key={item.label} className="min-w-0" data-testid={`total-${item.label.toLowerCase().replace(/\s+/g, "-")}`}>
            <dt className="text-xs text-muted-foreground">{item.label}</dt>
            <dd className="font-medium tabular-nums">{item.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
