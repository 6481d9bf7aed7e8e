"use client";

import { DownloadIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useTenant } from "@/components/tenant/tenant-context";
import { DailyChart } from "../../shared/charts/daily-chart";
import { downloadText } from "../../shared/csv";
import { formatCents, formatCentsShort, formatDay, formatMicros, formatNumber, formatTokens } from "@/lib/domain/format";
import { csvName, dailyCsv, type DayRow, type Totals } from "./usage-csv";

const METRICS = {
  calls: { label: "Calls", value: (d: Totals) => d.calls, format: formatNumber },
  tokens: { label: "Tokens", value: (d: Totals) => d.inputTokens + d.outputTokens, format: formatTokens },
  cost: {
    label: "Cost",
    value: (d: Totals) => d.costMicros / 10_000,
    format: (cents: number) => formatCents(Math.round(cents)),
    tickFormat: formatCentsShort,
  },
} as const;
type Metric = keyof typeof METRICS;

/** Calls, tokens or cost per day, with the day-by-day table under the chart. */
export function DailySection({
  days,
  total,
  from,
  to,
  canExport,
}: {
  days: DayRow[];
  total: Totals;
  from: string;
  to: string;
  canExport: boolean;
}) {
  const { slug } = useTenant();
  const [metric, setMetric] = useState<Metric>("cost");
  const m = METRICS[metric];
  const series = days.map((d) => ({ day: d.day, value: m.value(d) }));
  return (
    <Tabs value={metric} onValueChange={(v) => setMetric(v as Metric)} asChild>
      <Card>
        <CardHeader className="flex flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1.5">
            <CardTitle>By day</CardTitle>
            <CardDescription>
              UTC days from {formatDay(from)} to {formatDay(to)}
            </CardDescription>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <TabsList aria-label="Chart metric">
              {(Object.keys(METRICS) as Metric[]).map((k) => (
                <TabsTrigger key={k} value={k}>
                  {METRICS[k].label}
                </TabsTrigger>
              ))}
            </TabsList>
            {canExport && (
              <Button variant="outline" size="sm" onClick={() => downloadText(csvName(slug, "daily", from, to), dailyCsv(days, total))}>
                <DownloadIcon /> CSV
              </Button>
            )}
          </div>
        </CardHeader>
        <TabsContent value={metric} asChild>
          <CardContent className="grid gap-6">
            <DailyChart
              data={series}
              dataKey="value"
              label={m.label}
              format={m.format}
              tickFormat={"tickFormat" in m ? m.tickFormat : m.format}
            />
            <Table containerClassName="max-h-80 overflow-y-auto" scrollLabel="Usage by day" stickyFirstColumn>
              <TableHeader className="sticky top-0 z-10 bg-card">
                <TableRow className="hover:bg-transparent">
                  <TableHead>Day</TableHead>
                  <TableHead className="text-right">Calls</TableHead>
                  <TableHead className="text-right">Errors</TableHead>
                  <TableHead className="text-right">Tokens</TableHead>
                  <TableHead className="text-right">Cost</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {[...days].reverse().map((d) => (
                  <TableRow key={d.day}>
                    <TableCell>{formatDay(d.day)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(d.calls)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(d.errors)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatNumber(d.inputTokens + d.outputTokens)}</TableCell>
                    <TableCell className="text-right tabular-nums">{formatMicros(d.costMicros)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
              <TableFooter className="sticky bottom-0 bg-muted">
                <TableRow className="hover:bg-transparent">
                  <TableCell>Total</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(total.calls)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(total.errors)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatNumber(total.inputTokens + total.outputTokens)}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="usage-total-cost">
                    {formatMicros(total.costMicros)}
                  </TableCell>
                </TableRow>
              </TableFooter>
            </Table>
          </CardContent>
        </TabsContent>
      </Card>
    </Tabs>
  );
}
