"use client";

import dynamic from "next/dynamic";
import { niceTicks } from "@/lib/domain/format";
import { ChartEmpty } from "./chart-frame";

type Point = { day: string } & Record<string, number | string>;

// Recharts is the largest library on the page (~120 kB gzipped): it loads after the page is
// interactive instead of with it. The box keeps its height meanwhile, so nothing shifts.
const DailyChartPlot = dynamic(() => import("./daily-chart-plot"), { ssr: false });

/**
 * A per-day series (Recharts). Fixed height, so the page does not shift while the
 * chart measures itself; colours come from the theme's CSS variables (dark mode too).
 * The Y axis uses round ticks (0/100/200, not 85/170/255); the tooltip names the day
 * and the formatted value; a series of zeros shows the empty state instead of an axis.
 */
export function DailyChart({
  data,
  dataKey,
  label,
  format,
  tickFormat = format,
  kind = "bar",
  height = 240,
}: {
  data: Point[];
  dataKey: string;
  label: string;
  format: (value: number) => string;
  /** Axis labels, when shorter than the tooltip's ("$10" against "$10.00"). */
  tickFormat?: (value: number) => string;
  kind?: "bar" | "area";
  height?: number;
}) {
  const max = Math.max(0, ...data.map((d) => Number(d[dataKey]) || 0));
  if (max === 0) return <ChartEmpty label={label} height={height} />;
  return (
    <div style={{ height }} role="img" aria-label={`${label} per day`} data-slot="daily-chart">
      <DailyChartPlot
        data={data}
        dataKey={dataKey}
        label={label}
        format={format}
        tickFormat={tickFormat}
        kind={kind}
        ticks={niceTicks(max)}
      />
    </div>
  );
}
