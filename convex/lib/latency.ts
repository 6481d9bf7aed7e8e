/**
 * A fixed latency histogram: rollups keep counts per bucket, so p95 over any
 * period is a sum of small arrays instead of a scan of raw events.
 */
export const LATENCY_BUCKETS_MS = [50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000] as const;

export const emptyBuckets = () => new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);

export function bucketOf(latencyMs: number): number {
  const i = LATENCY_BUCKETS_MS.findIndex((upper) => latencyMs <= upper);
  return i === -1 ? LATENCY_BUCKETS_MS.length : i;
}

export function addBuckets(into: number[], from: readonly number[]) {
  for (let i = 0; i < into.length; i++) into[i] += from[i] ?? 0;
}

/** The upper bound of the bucket holding the p-th percentile (a safe over-estimate). */
export function percentileMs(buckets: readonly number[], p: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i];
    if (seen >= rank) return LATENCY_BUCKETS_MS[i] ?? LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1] * 2;
  }
  return null;
}
