"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay, formatDayLong } from "@/lib/domain/format";
import { tooltipStyle } from "./chart-frame";

type Point = { day: string } & Record<string, number | string>;

/** The Recharts part of DailyChart, in its own module so it loads after the page (see daily-chart.tsx). */
export default function DailyChartPlot({
  data,
  dataKey,
  label,
  format,
  tickFormat,
  kind,
  ticks,
}: {
  data: Point[];
  dataKey: string;
  label: string;
  format: (value: number) => string;
  tickFormat: (value: number) => string;
  kind: "bar" | "area";
  ticks: number[];
}) {
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
  );
}
