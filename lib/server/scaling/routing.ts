/**
 * Where a tenant's calls go (issue 20): slug -> placement -> the deployment's URL, read from
 * the registry on the control plane (platform/routing:route, system secret) and cached in
 * the process.
 *
 * A cached route can only be wrong across a move, and then the old deployment says so: a
 * write there is refused with TENANT_MOVING (the move's freeze, kept after the switch) and,
 * once the move completes, the tenant's rows are gone (NOT_FOUND). `routed` treats those two
 * answers as "maybe moved": it drops the entry, reads the placement again and, if its
 * version changed, runs the call once more on the new deployment. Otherwise the answer
 * stands (a genuine NOT_FOUND, or a freeze still in progress, which it waits out briefly).
 *
 * The retry is safe for mutations too: Convex runs a mutation as one transaction, and both
 * refusals are thrown before the transaction commits (the freeze by the write hook, the
 * missing tenant by the door), so the refused attempt wrote nothing and the retry is the
 * only attempt that can apply. A call whose outcome is unknown (the connection dropped
 * after sending) is never retried here.
 *
 * Reads on the old deployment are not refused between the switch and the move's completion
 * (the frozen copy is still there), so a cached entry can serve a read at most `ttlMs` stale
 * after a switch; writes never go to the wrong place.
 *
 * Cost for a tenant on main: nothing per call while its entry is fresh (a Map lookup), and
 * one control-plane query (two indexed reads) per tenant per `ttlMs` per process; concurrent
 * misses for the same tenant share one query.
 */
import type { Placement } from "@/lib/domain/placement";
import { appErrorOf } from "@/lib/domain/errors";

/** What platform/routing:route answers for a slug (null: no tenant has it). */
export type RouteRecord = {
  placement: Placement;
  version: number;
  deployment: string;
  /** null: the control plane itself (shard main without a registered row). */
  url: string | null;
  usable: boolean;
} | null;

export type TenantRoute = {
  slug: string;
  /** The deployment the tenant's calls go to. */
  url: string;
  deployment: string;
  /** The placement's version; -1 when no tenant has the slug (its calls go to the control plane and answer NOT_FOUND there). */
  version: number;
};

export type TenantRouter = {
  resolve(slug: string): Promise<TenantRoute>;
  /** Forgets a tenant's route, so the next call reads the registry again. */
  invalidate(slug: string): void;
  /** Runs `run` on the tenant's deployment, re-resolving and retrying once if the answer says it moved. */
  routed<T>(slug: string, run: (url: string) => Promise<T>): Promise<T>;
};

export class RouteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RouteError";
  }
}

/** Answers that may mean "this tenant is not here any more". */
const MAYBE_MOVED = new Set(["TENANT_MOVING", "NOT_FOUND"]);

export function createTenantRouter(options: {
  controlUrl: string;
  lookup: (slug: string) => Promise<RouteRecord>;
  /** How long a route is trusted without a sign of a move (default 5 s). */
  ttlMs?: number;
  /** How long a call refused by a freeze waits for the placement to flip before the refusal stands (default 2.5 s: the freeze's target is 2 s). */
  freezeWaitMs?: number;
  maxEntries?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): TenantRouter {
  const { controlUrl, lookup } = options;
  const ttlMs = options.ttlMs ?? 5_000;
  const freezeWaitMs = options.freezeWaitMs ?? 2_500;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const cache = new Map<string, { route: TenantRoute; expires: number }>();
  const inflight = new Map<string, Promise<TenantRoute>>();

  async function load(slug: string): Promise<TenantRoute> {
    const record = await lookup(slug);
    if (!record) return { slug, url: controlUrl, deployment: "main", version: -1 };
    if (!record.usable) {
      throw new RouteError(`Tenant ${slug} is placed on deployment "${record.deployment}", which has no usable registry row.`);
    }
    return { slug, url: record.url ?? controlUrl, deployment: record.deployment, version: record.version };
  }

  function resolve(slug: string): Promise<TenantRoute> {
    const hit = cache.get(slug);
    if (hit && hit.expires > now()) return Promise.resolve(hit.route);
    let pending = inflight.get(slug);
    if (!pending) {
      pending = load(slug)
        .then((route) => {
          cache.delete(slug);
          // Oldest first out: Map keeps insertion order, so this bounds memory without an LRU's bookkeeping.
          if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
          cache.set(slug, { route, expires: now() + ttlMs });
          return route;
        })
        .finally(() => inflight.delete(slug));
      inflight.set(slug, pending);
    }
    return pending;
  }

  function invalidate(slug: string) {
    cache.delete(slug);
  }

  async function routed<T>(slug: string, run: (url: string) => Promise<T>): Promise<T> {
    const first = await resolve(slug);
    try {
      return await run(first.url);
    } catch (error) {
      const code: string | undefined = appErrorOf(error)?.code;
      if (!code || !MAYBE_MOVED.has(code)) throw error;
      // A freeze ends with the flip (or, for a failed switch, the unfreeze): look again a few times before the refusal stands.
      let waited = 0;
      for (let delay = 100; ; delay *= 2) {
        invalidate(slug);
        const next = await resolve(slug);
        if (next.version !== first.version) return run(next.url);
        if (code !== "TENANT_MOVING" || waited >= freezeWaitMs) throw error;
        await sleep(delay);
        waited += delay;
      }
    }
  }

  return { resolve, invalidate, routed };
}
