"use client";

import dynamic from "next/dynamic";
import { niceTicks } from "@/lib/domain/format";
import { ChartEmpty } from "./chart-frame";

// Recharts loads after the page (see daily-chart.tsx); the box keeps its height meanwhile.
const BreakdownChartPlot = dynamic(() => import("./breakdown-chart-plot"), { ssr: false });

/** Horizontal bars for a breakdown (by model, agent, department), largest first, on round ticks. */
export function BreakdownChart({
  data,
  label,
  format,
  tickFormat = format,
}: {
  data: { label: string; value: number }[];
  label: string;
  format: (value: number) => string;
  tickFormat?: (value: number) => string;
}) {
  const height = Math.max(120, data.length * 36 + 24);
  const max = Math.max(0, ...data.map((d) => d.value));
  if (max === 0) return <ChartEmpty label={label} height={120} />;
  return (
    <div style={{ height }} role="img" aria-label={`${label} breakdown`} data-slot="breakdown-chart">
      <BreakdownChartPlot data={data} label={label} format={format} tickFormat={tickFormat} ticks={niceTicks(max)} />
    </div>
  );
}
