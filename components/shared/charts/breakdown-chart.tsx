"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Horizontal bars for a breakdown (by model, agent, department), largest first. */
export function BreakdownChart({
  data,
  label,
  format,
}: {
  data: { label: string; value: number }[];
  label: string;
  format: (value: number) => string;
}) {
  const height = Math.max(120, data.length * 36 + 24);
  return (
    <div style={{ height }} role="img" aria-label={`${label} breakdown`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="var(--color-border)" />
          <XAxis
            type="number"
            tickFormatter={(v: number) => format(v)}
            tickLine={false}
            axisLine={false}
            fontSize={12}
            stroke="var(--color-muted-foreground)"
          />
          <YAxis
            type="category"
            dataKey="label"
            width={150}
            tickLine={false}
            axisLine={false}
            fontSize={12}
            stroke="var(--color-muted-foreground)"
          />
          <Tooltip
            cursor={{ fill: "var(--color-muted)", opacity: 0.5 }}
            contentStyle={{ background: "var(--color-popover)", border: "1px solid var(--color-border)", borderRadius: 8, fontSize: 12 }}
            formatter={(value) => [format(Number(value)), label]}
          />
          <Bar dataKey="value" fill="var(--color-primary)" radius={[0, 3, 3, 0]} maxBarSize={22} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
