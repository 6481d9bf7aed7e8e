/**
 * A tenant's uptime, the seed's "98.7% uptime": the share of minutes in the last 30 days
 * when the tenant's API calls succeeded, counted over the minutes that had calls (a quiet
 * minute is neither up nor down). A minute with at least one failed call is down.
 *
 * Each day keeps two bitmaps of its 1,440 UTC minutes (a minute with calls, a minute with
 * a failed call) as 45 words of 32 bits: setting a bit twice changes nothing, so the figure
 * is exact whatever the order or batching of the events, and a day costs 90 numbers.
 */
export const MINUTES_PER_DAY = 1440;
const BITS = 32;
export const MINUTE_WORDS = MINUTES_PER_DAY / BITS;
export const UPTIME_DAYS = 30;

/** The minute of its UTC day (0 - 1,439) an instant falls in. */
export const minuteOfDay = (at: number) => Math.floor((((at % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);

/** `words` with the bits of `minutes` set (a new array; absent words are all zero). */
export function withMinutes(words: readonly number[] | undefined, minutes: Iterable<number>): number[] {
  const out = Array.from({ length: MINUTE_WORDS }, (_, i) => words?.[i] ?? 0);
  for (const m of minutes) {
    if (!Number.isInteger(m) || m < 0 || m >= MINUTES_PER_DAY) throw new RangeError(`minute ${m} is outside a day`);
    out[Math.floor(m / BITS)] = (out[Math.floor(m / BITS)] | (1 << (m % BITS))) >>> 0;
  }
  return out;
}

/** How many minutes a bitmap holds. */
export function countMinutes(words: readonly number[] | undefined): number {
  let n = 0;
  for (const w of words ?? []) for (let x = w >>> 0; x !== 0; x &= x - 1) n++;
  return n;
}

export type MinuteDay = { minutesActive?: number[]; minutesFailed?: number[] };
export type Uptime = { activeMinutes: number; failedMinutes: number; share: number | null };

/** The uptime over some days' bitmaps: share is null when no minute had calls. */
export function uptimeOf(days: readonly MinuteDay[]): Uptime {
  let activeMinutes = 0;
  let failedMinutes = 0;
  for (const d of days) {
    activeMinutes += countMinutes(d.minutesActive);
    failedMinutes += countMinutes(d.minutesFailed);
  }
  return { activeMinutes, failedMinutes, share: activeMinutes === 0 ? null : (activeMinutes - failedMinutes) / activeMinutes };
}
