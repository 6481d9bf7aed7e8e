"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { tooltipStyle } from "./chart-frame";

/** The Recharts part of BreakdownChart, loaded after the page (see breakdown-chart.tsx). */
export default function BreakdownChartPlot({
  data,
  label,
  format,
  tickFormat,
  ticks,
}: {
  data: { label: string; value: number }[];
  label: string;
  format: (value: number) => string;
  tickFormat: (value: number) => string;
  ticks: number[];
}) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
        <CartesianGrid horizontal={false} stroke="var(--color-border)" />
        <XAxis
          type="number"
          ticks={ticks}
          domain={[0, ticks[ticks.length - 1]]}
          interval={0}
          tickFormatter={(v: number) => tickFormat(v)}
          tickLine={false}
          axisLine={false}
          fontSize={12}
          stroke="var(--color-muted-foreground)"
        />
        <YAxis
          type="category"
          dataKey="label"
          width={120}
          tickLine={false}
          axisLine={false}
          fontSize={12}
          stroke="var(--color-muted-foreground)"
        />
        <Tooltip
          cursor={{ fill: "var(--color-muted)", opacity: 0.5 }}
          contentStyle={tooltipStyle}
          formatter={(value) => [format(Number(value)), label]}
          separator=": "
        />
        <Bar dataKey="value" fill="var(--color-primary)" radius={[0, 3, 3, 0]} maxBarSize={22} />
      </BarChart>
    </ResponsiveContainer>
  );
}
