/**
 * The Usage page's CSV downloads: the same rows and the same rounded figures
 * as the table on screen, plus its total line, so the file and the page agree.
 */
import { toCsv } from "../../shared/csv";
import { centsToDecimal, microsToCents } from "@/lib/domain/format";

export type Totals = { calls: number; errors: number; inputTokens: number; outputTokens: number; costMicros: number };
export type DayRow = Totals & { day: string };
export type GroupRow = Totals & { key: string; label: string; costCenter?: string | null };

const figures = (t: Totals) => [
  t.calls,
  t.errors,
  t.inputTokens,
  t.outputTokens,
  t.inputTokens + t.outputTokens,
  centsToDecimal(microsToCents(t.costMicros)),
];
const FIGURES = ["calls", "errors", "input_tokens", "output_tokens", "total_tokens", "cost_usd"];

export function dailyCsv(days: DayRow[], total: Totals): string {
  return toCsv(["day", ...FIGURES], [...days.map((d) => [d.day, ...figures(d)]), ["total", ...figures(total)]]);
}

export function groupCsv(by: string, rows: GroupRow[], total: Totals, withCostCenter = false): string {
  const header = [by, ...(withCostCenter ? ["cost_center"] : []), ...FIGURES];
  const body = rows.map((r) => [r.label, ...(withCostCenter ? [r.costCenter ?? ""] : []), ...figures(r)]);
  return toCsv(header, [...body, ["total", ...(withCostCenter ? [""] : []), ...figures(total)]]);
}

export const csvName = (slug: string, what: string, from: string, to: string) => `${slug}-usage-${what}-${from}-to-${to}.csv`;
