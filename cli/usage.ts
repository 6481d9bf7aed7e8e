import fs from "node:fs";
import { csvCell } from "../lib/domain/csv";
import { ApiError, type Client } from "./client";
import type { IO } from "./io";
import { printJson, printTable } from "./output";

type Row = {
  day: string;
  agentId: string;
  agent: string;
  model: string;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
};
const HEADER = ["day", "agent", "agent_id", "model", "calls", "errors", "input_tokens", "output_tokens", "cost_usd"];
const usd = (micros: number) => (micros / 1e6).toFixed(6);

/**
 * `tenant usage SLUG --detailed [--month] [--output FILE]`: the month per day x agent x
 * model. The API sends rollup rows in (day, model, agent) order, a key's departments
 * next to each other (even across pages); they are summed here into one row per key.
 * Costs are exact (micro-dollars shown as dollars to six places); totals match the
 * Usage page's for the same month.
 */
export async function detailedUsage(
  { io, api }: { io: IO; api: Client },
  slug: string,
  o: { month?: string; output?: string; json?: boolean },
) {
  const month = o.month ?? new Date().toISOString().slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new ApiError(0, "INVALID", "Use a month as YYYY-MM (e.g. 2026-03).", "month");
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = (await api(
      "GET",
      `tenants/${encodeURIComponent(slug)}/usage/detailed?month=${month}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    )) as { rows: Row[]; cursor: string; isDone: boolean };
    for (const r of page.rows) {
      const last = rows.at(-1);
      if (last && last.day === r.day && last.model === r.model && last.agentId === r.agentId) {
        for (const k of ["calls", "errors", "inputTokens", "outputTokens", "costMicros"] as const) last[k] += r[k];
      } else rows.push({ ...r });
    }
    if (page.isDone) break;
    cursor = page.cursor;
  }
  // The page's order (day, then model, then agent id); people read day, then agent name, then model.
  rows.sort((a, b) => a.day.localeCompare(b.day) || a.agent.localeCompare(b.agent) || a.model.localeCompare(b.model));
  const totals = rows.reduce(
    (t, r) => ({
      calls: t.calls + r.calls,
      errors: t.errors + r.errors,
      inputTokens: t.inputTokens + r.inputTokens,
      outputTokens: t.outputTokens + r.outputTokens,
      costMicros: t.costMicros + r.costMicros,
    }),
    { calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costMicros: 0 },
  );
  const cells = (r: Row) => [r.day, r.agent, r.agentId, r.model, r.calls, r.errors, r.inputTokens, r.outputTokens, usd(r.costMicros)];
  if (o.output) {
    const text = [HEADER, ...rows.map(cells)].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
    fs.writeFileSync(o.output, text);
  }
  if (o.json) return printJson(io, { slug, month, rows, totals, ...(o.output ? { output: o.output } : {}) });
  if (o.output)
    return io.stdout(
      `Wrote ${rows.length} rows (${month}, ${slug}) to ${o.output}. Total cost $${(totals.costMicros / 1e6).toFixed(2)}.\n`,
    );
  printTable(
    io,
    ["Day", "Agent", "Model", "Calls", "Errors", "Input tokens", "Output tokens", "Cost ($)"],
    rows.map((r) => [r.day, r.agent, r.model, r.calls, r.errors, r.inputTokens, r.outputTokens, usd(r.costMicros)]),
  );
  io.stdout(`Total: ${totals.calls} calls, $${(totals.costMicros / 1e6).toFixed(2)}\n`);
}
