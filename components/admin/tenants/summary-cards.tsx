import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatCents, formatNumber } from "@/lib/domain/format";

export type Summary = FunctionReturnType<typeof api.admin.tenants.summary>;

/** The seed's summary: total tenants, revenue this month and MRR, and the count in each status. */
export function SummaryCards({ summary }: { summary: Summary }) {
  const items = [
    {
      label: "Total tenants",
      value: formatNumber(summary.total),
      hint: summary.byStatus.deleted ? `${formatNumber(summary.byStatus.deleted)} deleted, not counted` : "excluding deleted",
    },
    {
      label: "Revenue this month",
      value: formatCents(summary.revenueThisMonthCents),
      hint: `MRR ${formatCents(summary.mrrCents)} + overage ${formatCents(summary.overageCents)}`,
    },
    { label: "Active", value: formatNumber(summary.byStatus.active), hint: "paying" },
    { label: "Trial", value: formatNumber(summary.byStatus.trial), hint: "not billed yet" },
    { label: "Past due", value: formatNumber(summary.byStatus.past_due), hint: "read-only until paid" },
    { label: "Suspended", value: formatNumber(summary.byStatus.suspended), hint: "read-only" },
  ];
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
      {items.map((item) => (
        <Card key={item.label} className="gap-1 py-4" data-testid={`summary-${item.label.toLowerCase().replace(/\s+/g, "-")}`}>
          <CardHeader className="px-4">
            <CardDescription>{item.label}</CardDescription>
            <CardTitle className="text-xl tabular-nums">{item.value}</CardTitle>
            <p className="text-xs text-muted-foreground">{item.hint}</p>
          </CardHeader>
        </Card>
      ))}
    </div>
  );
}
