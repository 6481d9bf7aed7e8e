import { BarChart3Icon } from "lucide-react";
import { NO_DATA } from "@/lib/domain/format";

/** Shared by the charts: the tooltip box in the theme's colours, and the one empty state for "nothing to plot". */
export const tooltipStyle = {
  background: "var(--color-popover)",
  color: "var(--color-popover-foreground)",
  border: "1px solid var(--color-border)",
  borderRadius: 8,
  fontSize: 12,
} as const;

/** Stands in for a chart whose values are all zero: an axis from $0.00 to $0.04 says nothing. */
export function ChartEmpty({ label, height }: { label: string; height: number }) {
  return (
    <div
      data-slot="chart-empty"
      style={{ height }}
      className="flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed text-sm text-muted-foreground"
    >
      <BarChart3Icon className="size-5" aria-hidden="true" />
      <p>
        No {label.toLowerCase()} in this period <span aria-hidden="true">({NO_DATA})</span>
      </p>
    </div>
  );
}
