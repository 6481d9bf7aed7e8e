/**
 * Number and money formatting for the portal. Money arrives as integer
 * micro-dollars (usage) or cents (budgets, prices) and is rounded to cents
 * exactly once, here, for display.
 */
const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const integer = new Intl.NumberFormat("en-US");
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const microsToCents = (micros: number) => Math.round(micros / 10_000);
export const formatCents = (cents: number) => usd.format(cents / 100);
export const formatMicros = (micros: number) => formatCents(microsToCents(micros));
/** Plain dollars for CSV cells: "1234.56", no symbol or grouping. */
export const centsToDecimal = (cents: number) => (cents / 100).toFixed(2);
export const formatNumber = (n: number) => integer.format(n);
export const formatCompact = (n: number) => compact.format(n);
export const formatPercent = (ratio: number, digits = 1) => `${(ratio * 100).toFixed(digits)}%`;

export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${ms} ms`;
}

const dateFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const shortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

export const formatDate = (ms: number) => dateFormat.format(new Date(ms));
/** A rollup day ("2026-02-14") as "Feb 14". */
export const formatDay = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));

export function timeAgo(ms: number, now = Date.now()): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days < 30 ? `${days} d ago` : formatDate(ms);
}
