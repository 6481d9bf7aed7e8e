/**
 * The Usage page's period, in UTC days (rollups are per UTC day), from the
 * URL: a preset (?period=this-month|last-month|30d|90d) or a custom range
 * (?from=YYYY-MM-DD&to=YYYY-MM-DD). An invalid custom range falls back to this
 * month and says why, rather than failing the page.
 */
import { DAY_MS } from "@/lib/domain/time";

export const PRESETS = [
  { id: "this-month", label: "This month" },
  { id: "last-month", label: "Last month" },
  { id: "30d", label: "Last 30 days" },
  { id: "90d", label: "Last 90 days" },
] as const;
export type PresetId = (typeof PRESETS)[number]["id"];
export type Period = { preset: PresetId | "custom"; from: string; to: string; error: string | null };

export const MAX_DAYS = 366;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && day(Date.parse(`${s}T00:00:00Z`)) === s;
}

export function presetRange(id: PresetId, now: number): { from: string; to: string } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (id) {
    case "this-month":
      return { from: day(Date.UTC(y, m, 1)), to: day(now) };
    case "last-month":
      return { from: day(Date.UTC(y, m - 1, 1)), to: day(Date.UTC(y, m, 0)) };
    case "30d":
      return { from: day(now - 29 * DAY_MS), to: day(now) };
    case "90d":
      return { from: day(now - 89 * DAY_MS), to: day(now) };
  }
}

/** The problem with a custom range, naming the field, or null. */
export function rangeProblem(from: string, to: string): { field: "from" | "to"; message: string } | null {
  if (!isDay(from)) return { field: "from", message: "Enter a start date as YYYY-MM-DD." };
  if (!isDay(to)) return { field: "to", message: "Enter an end date as YYYY-MM-DD." };
  if (to < from) return { field: "to", message: "The end date must be on or after the start date." };
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_DAYS) return { field: "from", message: `Choose a period of at most ${MAX_DAYS} days.` };
  return null;
}

type Params = { get(name: string): string | null };

export function resolvePeriod(params: Params, now = Date.now()): Period {
  const from = params.get("from");
  const to = params.get("to");
  if (from !== null || to !== null) {
    const problem = rangeProblem(from ?? "", to ?? "");
    if (!problem) return { preset: "custom", from: from!, to: to!, error: null };
    return {
      preset: "this-month",
      ...presetRange("this-month", now),
      error: `The period in the link was not usable (${problem.message}) Showing this month instead.`,
    };
  }
  const preset = PRESETS.find((p) => p.id === params.get("period"))?.id ?? "this-month";
  return { preset, ...presetRange(preset, now), error: null };
}

export function periodSearch(p: { preset: PresetId | "custom"; from: string; to: string }): string {
  if (p.preset === "custom") return `?from=${p.from}&to=${p.to}`;
  return p.preset === "this-month" ? "" : `?period=${p.preset}`;
}
