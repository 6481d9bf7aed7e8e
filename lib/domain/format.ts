/**
 * The one formatting module: every number, amount and date a person reads (portal,
 * staff console, emails, CSVs, server messages) goes through these, so one kind of
 * number always looks the same. Built on `Intl` with a fixed locale and UTC, so the
 * server render and the browser agree. Pure (no I/O), imported on both sides.
 *
 * Rules:
 * - Money arrives as integer micro-dollars (usage) or cents (budgets, prices) and is
 *   rounded to cents exactly once, here.
 * - Bytes are shown in GiB-based units labelled "GB" (as plan quotas are defined),
 *   with at most one decimal and grouping: "10 GB", "10.5 GB", "1,000 GB".
 * - A missing limit is "Unlimited" (capitalised, everywhere).
 * - No data is `NO_DATA` ("—"): a ratio over zero calls is not "0.0%".
 */
const LOCALE = "en-US";

/** What a cell shows when there is nothing to measure (a rate over zero calls, no budget). */
export const NO_DATA = "—";
export const UNLIMITED = "Unlimited";

const usd = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "USD" });
const usdWhole = new Intl.NumberFormat(LOCALE, { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const compact = new Intl.NumberFormat(LOCALE, { notation: "compact", maximumFractionDigits: 1 });
const percentFormats = new Map<number, Intl.NumberFormat>();

export const microsToCents = (micros: number) => Math.round(micros / 10_000);
export const formatCents = (cents: number) => usd.format(cents / 100);
/** Whole dollars when the amount has no cents ("$49"), cents otherwise: for axis ticks and prices. */
export const formatCentsShort = (cents: number) => (cents % 100 === 0 ? usdWhole.format(cents / 100) : usd.format(cents / 100));
export const formatMicros = (micros: number) => formatCents(microsToCents(micros));
/** Plain dollars for CSV cells: "1234.56", no symbol or grouping (spreadsheets parse it). */
export const centsToDecimal = (cents: number) => (cents / 100).toFixed(2);
export const formatNumber = (n: number) => integer.format(n);
/** Counts on axes and in tight cells: "1.2K", "4.6M". */
export const formatCompact = (n: number) => compact.format(n);
/** Tokens read as compact counts everywhere ("4.6M"); the full number is a tooltip's job. */
export const formatTokens = (n: number) => compact.format(n);

/** A ratio (0..1) as a percent with `digits` decimals; null (no data) as NO_DATA. */
export function formatPercent(ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return NO_DATA;
  let f = percentFormats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
    percentFormats.set(digits, f);
  }
  return f.format(ratio);
}

/** part / whole, or null when whole is zero: the "no data" rule for every rate. */
export const ratioOrNull = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

const GB = 1024 ** 3;
const UNITS = ["B", "KB", "MB", "GB", "TB"] as const;

/** Bytes in the largest unit under 1,024 of it, one decimal at most: "512 B", "10.5 GB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 2) {
    value /= 1024;
    unit++;
  }
  // Stop at GB unless it is at least 10,000 GB: quotas read "1,000 GB", not "1 TB".
  if (unit === 3 && value >= 10_000) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? integer.format(value) : oneDecimal.format(value)} ${UNITS[unit]}`;
}

/** Bytes as GB always (quotas and overrides): "100 GB", "0.5 GB". */
export const formatGb = (bytes: number) => `${oneDecimal.format(bytes / GB)} GB`;
export const bytesToGb = (bytes: number) => bytes / GB;
export const gbToBytes = (gb: number) => Math.round(gb * GB);

/** A limit that may be absent: `format(n)` or "Unlimited". */
export const formatLimit = (n: number | null, format: (n: number) => string = formatNumber) => (n === null ? UNLIMITED : format(n));

export function formatMs(ms: number | null): string {
  if (ms === null) return NO_DATA;
  return ms >= 1000 ? `${(ms >= 10_000 ? integer : oneDecimal).format(ms / 1000)} s` : `${integer.format(ms)} ms`;
}

const dateFormat = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});
const shortDay = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });
const longDay = new Intl.DateTimeFormat(LOCALE, { weekday: "short", month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const monthYear = new Intl.DateTimeFormat(LOCALE, { month: "long", year: "numeric", timeZone: "UTC" });

export const formatDate = (ms: number) => dateFormat.format(new Date(ms));
export const formatDateTime = (ms: number) => `${dateTimeFormat.format(new Date(ms))} UTC`;
/** A rollup day ("2026-02-14") as "Feb 14". */
export const formatDay = (day: string) => shortDay.format(new Date(`${day}T00:00:00Z`));
/** A rollup day for tooltips: "Sat, Feb 14, 2026". */
export const formatDayLong = (day: string) => longDay.format(new Date(`${day}T00:00:00Z`));
/** A month ("2026-02") as "February 2026". */
export const formatMonth = (month: string) => monthYear.format(new Date(`${month}-01T00:00:00Z`));

export function timeAgo(ms: number, now = Date.now()): string {
  const minutes = Math.round((now - ms) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days < 30 ? `${days} d ago` : formatDate(ms);
}

/**
 * Round axis ticks ("nice numbers", Heckbert 1990): 0 and steps of 1, 2, 2.5 or 5 times
 * a power of ten that cover `max` in about `count` steps. 340 gives 0/100/200/300/400,
 * not 85/170/255/340.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}
