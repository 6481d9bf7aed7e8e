/** A background loop that drains one delivery channel until stopped, backing off when idle or when Convex is unreachable. */
export type Drainer = { drainOnce(): Promise<number>; stop(): Promise<void> };

export function drainLoop(
  drainOnce: () => Promise<number>,
  opts: { idleMs?: number; loops?: number; onError: (e: Error) => void; onStop?: () => void },
): Drainer {
  let running = true;
  const one = async () => {
    while (running) {
      try {
        if ((await drainOnce()) === 0) await new Promise((r) => setTimeout(r, opts.idleMs ?? 1000));
      } catch (e) {
        opts.onError(e as Error);
        await new Promise((r) => setTimeout(r, 5000));
      }
    }
  };
  // Claims are leases, so several loops never take the same item.
  const loops = Promise.all(Array.from({ length: opts.loops ?? 1 }, one));
  return {
    drainOnce,
    stop: async () => {
      running = false;
      await loops;
      opts.onStop?.();
    },
  };
}

export async function mapLimit<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
