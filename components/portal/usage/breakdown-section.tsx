"use client";

import { DownloadIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { useTenant } from "@/components/tenant/tenant-context";
import { BreakdownChart } from "../../shared/charts/breakdown-chart";
import { downloadText } from "../../shared/csv";
import { formatCents, formatCentsShort, formatMicros, formatNumber, formatPercent, ratioOrNull } from "@/lib/domain/format";
import { csvName, groupCsv, type GroupRow, type Totals } from "./usage-csv";

type Groups = { models: GroupRow[]; agents: GroupRow[]; departments: GroupRow[] };
const GROUPS = { models: "Model", agents: "Agent", departments: "Department" } as const;
type Group = keyof typeof GROUPS;

/** Cost by model, agent or department (cost center) for the period: chart, table and CSV of the same rows. */
export function BreakdownSection({
  groups,
  total,
  from,
  to,
  canExport,
}: {
  groups: Groups;
  total: Totals;
  from: string;
  to: string;
  canExport: boolean;
}) {
  const { slug } = useTenant();
  const [group, setGroup] = useState<Group>("models");
  const rows = groups[group];
  const withCostCenter = group === "departments";
  return (
    <Tabs value={group} onValueChange={(v) => setGroup(v as Group)} asChild>
      <Card>
        <CardHeader className="flex flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1.5">
            <CardTitle>Breakdown</CardTitle>
            <CardDescription>Where the period&apos;s cost went</CardDescription>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <TabsList aria-label="Break down by">
              {(Object.keys(GROUPS) as Group[]).map((k) => (
                <TabsTrigger key={k} value={k}>
                  By {GROUPS[k].toLowerCase()}
                </TabsTrigger>
              ))}
            </TabsList>
            {canExport && (
              <Button
                variant="outline"
                size="sm"
                onClick={() =>
                  downloadText(csvName(slug, group, from, to), groupCsv(GROUPS[group].toLowerCase(), rows, total, withCostCenter))
                }
              >
                <DownloadIcon /> CSV
              </Button>
            )}
          </div>
        </CardHeader>
        <TabsContent value={group} asChild>
          <CardContent className="grid gap-6">
            {rows.length === 0 ? (
              <p className="rounded-lg border border-dashed py-10 text-center text-sm text-muted-foreground">No usage in this period.</p>
            ) : (
              <>
                <BreakdownChart
                  data={rows.map((r) => ({ label: r.label, value: r.costMicros / 10_000 }))}
                  label="Cost"
                  format={(cents) => formatCents(Math.round(cents))}
                  tickFormat={formatCentsShort}
                />
                <Table stickyFirstColumn>
                  <TableHeader>
                    <TableRow className="hover:bg-transparent">
                      <TableHead>{GROUPS[group]}</TableHead>
                      {withCostCenter && <TableHead>Cost center</TableHead>}
                      <TableHead className="text-right">Calls</TableHead>
                      <TableHead className="text-right">Tokens</TableHead>
                      <TableHead className="text-right">Share</TableHead>
                      <TableHead className="text-right">Cost</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {rows.map((r) => (
                      <TableRow key={r.key}>
                        <TableCell className="font-medium">{r.label}</TableCell>
                        {withCostCenter && <TableCell className="text-muted-foreground">{r.costCenter ?? "—"}</TableCell>}
                        <TableCell className="text-right tabular-nums">{formatNumber(r.calls)}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatNumber(r.inputTokens + r.outputTokens)}</TableCell>
                        <TableCell className="text-right text-muted-foreground tabular-nums">
                          {formatPercent(ratioOrNull(r.costMicros, total.costMicros))}
                        </TableCell>
                        <TableCell className="text-right tabular-nums">{formatMicros(r.costMicros)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                  <TableFooter>
                    <TableRow className="hover:bg-transparent">
                      <TableCell colSpan={withCostCenter ? 2 : 1}>Total</TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(total.calls)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatNumber(total.inputTokens + total.outputTokens)}</TableCell>
                      <TableCell className="text-right tabular-nums">100%</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMicros(total.costMicros)}</TableCell>
                    </TableRow>
                  </TableFooter>
                </Table>
              </>
            )}
          </CardContent>
        </TabsContent>
      </Card>
    </Tabs>
  );
}
