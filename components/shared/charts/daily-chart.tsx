"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay } from "../format";

type Point = { day: string } & Record<string, number | string>;

/**
 * A per-day series (Recharts). Fixed height, so the page does not shift while the
 * chart measures itself; colours come from the theme's CSS variables (dark mode too).
 */
export function DailyChart({
  data,
  dataKey,
  label,
  format,
  kind = "bar",
  height = 240,
}: {
  data: Point[];
  dataKey: string;
  label: string;
  format: (value: number) => string;
  kind?: "bar" | "area";
  height?: number;
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
        tickFormatter={(v: number) => format(v)}
        tickLine={false}
        axisLine={false}
        width={64}
        fontSize={12}
        stroke="var(--color-muted-foreground)"
      />
      <Tooltip
        cursor={{ fill: "var(--color-muted)", opacity: 0.5 }}
        contentStyle={{ background: "var(--color-popover)", border: "1px solid var(--color-border)", borderRadius: 8, fontSize: 12 }}
        labelFormatter={(day) => formatDay(String(day))}
        formatter={(value) => [format(Number(value)), label]}
      />
    </>
  );
  return (
    <div style={{ height }} role="img" aria-label={`${label} per day`}>
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
