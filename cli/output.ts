import Table from "cli-table3";
import { colourOn, type IO } from "./io";
import { formatCents, formatLimit } from "../lib/domain/format";

/** One JSON document on stdout: the whole answer, stable field names (docs/cli.md). */
export const printJson = (io: IO, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** An aligned table; coloured headings only on a terminal without NO_COLOR. */
export function printTable(io: IO, head: string[], rows: (string | number)[][]) {
  const colour = colourOn(io);
  const table = new Table({ head, style: { head: colour ? ["cyan"] : [], border: colour ? ["grey"] : [] } });
  table.push(...rows.map((r) => r.map(String)));
  io.stdout(`${table.toString()}\n`);
}

/** Label: value lines, aligned. */
export function printFields(io: IO, fields: [string, string | number | null | undefined][]) {
  const width = Math.max(...fields.map(([k]) => k.length));
  for (const [k, v] of fields) io.stdout(`${`${k}:`.padEnd(width + 2)}${v ?? "-"}\n`);
}

// The console's formats (lib/domain/format.ts), so a figure reads the same on both.
export const count = (n: number | null) => formatLimit(n);
export const money = (cents: number | null) => (cents === null ? "none" : formatCents(cents));
