/**
 * Injected (esbuild `inject`) into every module that runs in Convex's default
 * runtime, replacing the globals a query or mutation must not use freely:
 * - `fetch`, `setTimeout`, `setInterval` throw the backend's error inside a
 *   query or mutation (they work in actions, as on a deployment);
 * - `Math.random` is a generator seeded once per query or mutation call, and
 *   `Date.now()` / `new Date()` give the time the call started, so a query's
 *   result depends only on its reads, as Convex documents.
 * Only the project's own bundled code sees these; npm packages stay external
 * and see Node's globals (a deployment bundles them too: a difference listed in
 * docs/convex-local.md). The running call is found through a global hook set
 * by context.ts, so no module of convex-local is imported here.
 */
type Running = { kind: string; startedAt: number; rng?: () => number };
type TimeCheck = (running: Running) => void;

// Outside queries and mutations the globals are looked up at each call, so a
// test that stubs fetch or fakes timers and the clock still reaches actions.
const RealMath = globalThis.Math;
const RealDate = globalThis.Date;

function transactional(): Running | undefined {
  const hook = (globalThis as Record<symbol, unknown>)[Symbol.for("convex-local.running")] as (() => Running | undefined) | undefined;
  const running = hook?.();
  return running && (running.kind === "query" || running.kind === "mutation") ? running : undefined;
}

/**
 * With the clock frozen, code that waits for time to pass (a busy loop on
 * Date.now()) never ends; a deployment stops it at the execution time limit,
 * so reading the clock past the limit throws the same timeout error here.
 */
function frozenClock(running: Running): number {
  const check = (globalThis as Record<symbol, unknown>)[Symbol.for("convex-local.checkTime")] as TimeCheck | undefined;
  check?.(running);
  return running.startedAt;
}

function refused(what: string): Error {
  return new Error(
    `Can't use ${what} in queries and mutations. Please consider using an action. See https://docs.convex.dev/functions/actions for more details.`,
  );
}

/** A small seeded generator (mulberry32): deterministic within one call, fresh per call. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = RealMath.imul(t ^ (t >>> 15), t | 1);
    t ^= t + RealMath.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const fetch: typeof globalThis.fetch = (...args) => {
  if (transactional())
    return Promise.reject(
      new TypeError(
        `Can't use fetch() in queries and mutations. Please consider using an action. See https://docs.convex.dev/functions/actions for more details.`,
      ),
    );
  return globalThis.fetch(...args);
};

export const setTimeout = ((...args: Parameters<typeof globalThis.setTimeout>) => {
  if (transactional()) throw refused("setTimeout");
  return globalThis.setTimeout(...args);
}) as typeof globalThis.setTimeout;

export const setInterval = ((...args: Parameters<typeof globalThis.setInterval>) => {
  if (transactional()) throw refused("setInterval");
  return globalThis.setInterval(...args);
}) as typeof globalThis.setInterval;

export const Math: typeof globalThis.Math = Object.create(RealMath, {
  random: {
    value: () => {
      const running = transactional();
      if (!running) return RealMath.random();
      running.rng ??= seeded(RealMath.floor(RealMath.random() * 4294967296));
      return running.rng();
    },
  },
});

/**
 * A function rather than a subclass, sharing Date's prototype, so that every
 * Date (also one made by an npm package) is `instanceof Date`, `Date()` without
 * `new` still returns a string, and user subclasses of Date keep working.
 */
const FixedDate = function (this: unknown, ...args: unknown[]) {
  const running = args.length === 0 ? transactional() : undefined;
  const time = running ? [frozenClock(running)] : args;
  const Now = globalThis.Date;
  if (!new.target) return new Now(...(time as [])).toString();
  return Reflect.construct(Now, time, new.target === FixedDate ? Now : new.target) as Date;
} as unknown as DateConstructor;
(FixedDate as { prototype: Date }).prototype = RealDate.prototype;
Object.setPrototypeOf(FixedDate, RealDate);
FixedDate.now = () => {
  const running = transactional();
  return running ? frozenClock(running) : globalThis.Date.now();
};

export { FixedDate as Date };
