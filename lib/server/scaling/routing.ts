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
import { keyIndexPrefix } from "@/lib/domain/api/keys";

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
  /**
   * Runs `run` on the tenant's deployment, re-resolving and retrying once if the answer says it moved.
   * `refusal` reads a refusal code out of a returned value (the API-key door answers refusals as values);
   * `movedCodes` adds codes that may mean "moved" for this kind of call.
   */
  routed<T>(slug: string, run: (url: string) => Promise<T>, options?: RoutedOptions<T>): Promise<T>;
  /** Takes a route the caller already read (platform/routing:routeKey answers one), saving the lookup. */
  remember(slug: string, record: RouteRecord): void;
};

export type RoutedOptions<T> = { refusal?: (value: T) => string | undefined; movedCodes?: readonly string[] };

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
    return toRoute(slug, await lookup(slug));
  }

  function toRoute(slug: string, record: RouteRecord): TenantRoute {
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
        .then((route) => keep(slug, route))
        .finally(() => inflight.delete(slug));
      inflight.set(slug, pending);
    }
    return pending;
  }

  function keep(slug: string, route: TenantRoute): TenantRoute {
    cache.delete(slug);
    // Oldest first out: Map keeps insertion order, so this bounds memory without an LRU's bookkeeping.
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(slug, { route, expires: now() + ttlMs });
    return route;
  }

  function invalidate(slug: string) {
    cache.delete(slug);
  }

  function remember(slug: string, record: RouteRecord) {
    keep(slug, toRoute(slug, record));
  }

  async function routed<T>(slug: string, run: (url: string) => Promise<T>, options: RoutedOptions<T> = {}): Promise<T> {
    const moved = new Set([...MAYBE_MOVED, ...(options.movedCodes ?? [])]);
    // One attempt's outcome, thrown or answered, so both kinds of refusal take the same path.
    type Outcome = { ok: true; value: T; code?: string } | { ok: false; error: unknown; code?: string };
    const attempt = (url: string): Promise<Outcome> =>
      run(url).then(
        (value): Outcome => ({ ok: true, value, code: options.refusal?.(value) }),
        (error: unknown): Outcome => ({ ok: false, error, code: appErrorOf(error)?.code }),
      );
    const settle = (o: Outcome): T => {
      if (o.ok) return o.value;
      throw o.error;
    };
    const first = await resolve(slug);
    const outcome = await attempt(first.url);
    const code = outcome.code;
    if (!code || !moved.has(code)) return settle(outcome);
    // A freeze ends with the flip (or, for a failed switch, the unfreeze): look again a few times before the refusal stands.
    let waited = 0;
    for (let delay = 100; ; delay *= 2) {
      invalidate(slug);
      const next = await resolve(slug);
      if (next.version !== first.version) return settle(await attempt(next.url));
      if (code !== "TENANT_MOVING" || waited >= freezeWaitMs) return settle(outcome);
      await sleep(delay);
      waited += delay;
    }
  }

  return { resolve, invalidate, routed, remember };
}

/**
 * API keys (issue 20): a key names its tenant only on the placement that holds its row, so the
 * control plane keeps an index, key hash prefix -> tenant (convex/platform/keyIndex.ts), read
 * with platform/routing:routeKey. The runtime API and MCP resolve a key there once, then route
 * by the tenant's slug exactly as the portal does (the tenant router above: its cache, its
 * invalidation, its retry). The placement's API-key door checks the key itself on every call,
 * so this router only decides where to ask: a revoked key is refused there at once, whatever
 * is cached here, and a key sent to the wrong deployment finds no row and is refused.
 */
export type KeyRecord = { slug: string; route: NonNullable<RouteRecord> } | null;

export type KeyRouter = {
  /**
   * Runs `run` on the deployment of the key's tenant. `refusal` reads the door's refusal code out
   * of its answer: UNAUTHENTICATED, besides the tenant router's codes, may mean the key's rows left
   * that deployment in a move, so it re-resolves the tenant once before it stands.
   */
  routed<T>(keyHash: string, run: (url: string) => Promise<T>, refusal: (value: T) => string | undefined): Promise<T>;
};

/** How long "this key is not in the index" is kept: as long as the tenant router keeps a route. */
const UNINDEXED_TTL_MS = 5_000;

export function createKeyRouter(options: {
  controlUrl: string;
  tenants: TenantRouter;
  lookup: (keyPrefix: string) => Promise<KeyRecord>;
  /** How long key -> tenant is kept (default 10 min: a key never changes tenant; an UNAUTHENTICATED answer drops it). */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}): KeyRouter {
  const { controlUrl, tenants, lookup } = options;
  const ttlMs = options.ttlMs ?? 600_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { slug: string | null; expires: number }>();
  const remember = (prefix: string, slug: string | null, ttl: number) => {
    cache.delete(prefix);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(prefix, { slug, expires: now() + ttl });
  };
  const inflight = new Map<string, Promise<string | null>>();

  function slugOf(prefix: string): Promise<string | null> {
    const hit = cache.get(prefix);
    if (hit && hit.expires > now()) return Promise.resolve(hit.slug);
    let pending = inflight.get(prefix);
    if (!pending) {
      pending = lookup(prefix)
        .then((record) => {
          // Not indexed: kept only as long as a route (a key minted on a placement is indexed before
          // anyone sees it, so this is a key of the control plane's or no key at all). Without it,
          // every call with such a key paid a control-plane lookup: bench:api fell from ~5,000 to ~4,100 events/s.
          if (!record) {
            remember(prefix, null, UNINDEXED_TTL_MS);
            return null;
          }
          tenants.remember(record.slug, record.route);
          remember(prefix, record.slug, ttlMs);
          return record.slug;
        })
        .finally(() => inflight.delete(prefix));
      inflight.set(prefix, pending);
    }
    return pending;
  }

  async function routed<T>(keyHash: string, run: (url: string) => Promise<T>, refusal: (value: T) => string | undefined): Promise<T> {
    const prefix = keyIndexPrefix(keyHash);
    const slug = await slugOf(prefix);
    // A key the index does not know: one minted on the control plane before the index existed
    // (npm start indexes those), or no key at all. The control plane's door answers either way.
    if (slug === null) return run(controlUrl);
    const value = await tenants.routed(slug, run, { refusal, movedCodes: ["UNAUTHENTICATED"] });
    if (refusal(value) === "UNAUTHENTICATED") cache.delete(prefix);
    return value;
  }

  return { routed };
}
