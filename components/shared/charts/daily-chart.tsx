"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatDayLong, niceTicks } from "@/lib/domain/format";
import { ChartEmpty, tooltipStyle } from "./chart-frame";

type Point = { day: string } & Record<string, number | string>;

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
  const ticks = niceTicks(max);
  const common = { data, margin: { top: 8, right: 8, bottom: 0, left: 0 } };
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="var(--color-border)" />
      <XAxis
        dataKey="day"
        tickFormatter={formatDay}
        tickLine={false}
        axisLine={false}
        minTickGap={24}
        fontSize={12}
        stroke="var(--color-muted-foreground)"
      />
      <YAxis
        ticks={ticks}
        domain={[0, ticks[ticks.length - 1]]}
        interval={0}
        tickFormatter={(v: number) => tickFormat(v)}
        tickLine={false}
        axisLine={false}
        width={64}
        fontSize={12}
        stroke="var(--color-muted-foreground)"
      />
      <Tooltip
        cursor={{ fill: "var(--color-muted)", opacity: 0.5 }}
        contentStyle={tooltipStyle}
        labelFormatter={(day) => formatDayLong(String(day))}
        formatter={(value) => [format(Number(value)), label]}
        separator=": "
      />
    </>
  );
  return (
    <div style={{ height }} role="img" aria-label={`${label} per day`} data-slot="daily-chart">
      <ResponsiveContainer width="100%" height="100%">
        {kind === "area" ? (
          <AreaChart {...common}>
            {axes}
            <Area
              type="monotone"
              dataKey={dataKey}
              stroke="var(--color-primary)"
              fill="var(--color-primary)"
              fillOpacity={0.15}
              strokeWidth={2}
            />
          </AreaChart>
        ) : (
          <BarChart {...common}>
            {axes}
            <Bar dataKey={dataKey} fill="var(--color-primary)" radius={[3, 3, 0, 0]} maxBarSize={28} />
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
