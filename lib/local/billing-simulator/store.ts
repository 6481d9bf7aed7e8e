import "server-only";
import fs from "node:fs";
import path from "node:path";
import type Stripe from "stripe";
import type { SimCard } from "./cards";

/**
 * The simulator's "Stripe account": customers, subscriptions, invoices and
 * sessions, kept as a JSON file in the data directory so they survive
 * restarts (and a fresh data dir starts a fresh account). One process owns
 * it (`next start`); every change runs under a lock and is written atomically.
 */
export type SimCustomer = {
  id: string;
  email: string;
  name: string;
  metadata: Record<string, string>;
  created: number;
  card: SimCard | null;
};
export type SimPortalSession = { id: string; customer: string; returnUrl: string; created: number; expiresAt: number };

export type SimState = {
  version: 1;
  customers: Record<string, SimCustomer>;
  subscriptions: Record<string, Stripe.Subscription>;
  invoices: Record<string, Stripe.Invoice>;
  checkoutSessions: Record<string, Stripe.Checkout.Session>;
  portalSessions: Record<string, SimPortalSession>;
  /** Idempotency-Key -> id of what the first request with it made. */
  idempotency: Record<string, string>;
  /**
   * Last event `created` handed out per subscription (seconds): strictly increasing, so one
   * subscription's events never tie, and a burst only runs ahead of real time for that one.
   */
  clocks: Record<string, number>;
  invoiceNumber: number;
};

const empty = (): SimState => ({
  version: 1,
  customers: {},
  subscriptions: {},
  invoices: {},
  checkoutSessions: {},
  portalSessions: {},
  idempotency: {},
  clocks: {},
  invoiceNumber: 0,
});

export class SimStore {
  private state: SimState | null = null;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  private load(): SimState {
    if (!this.state) {
      this.state = fs.existsSync(this.file) ? (JSON.parse(fs.readFileSync(this.file, "utf8")) as SimState) : empty();
    }
    return this.state;
  }

  private save() {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  /** Runs `fn` alone against the state and saves what it changed (nothing, if it throws). */
  update<T>(fn: (state: SimState) => T): Promise<T> {
    const run = this.lock.then(() => {
      const draft = structuredClone(this.load());
      const result = fn(draft);
      this.state = draft;
      this.save();
      return result;
    });
    this.lock = run.catch(() => undefined);
    return run;
  }

  read<T>(fn: (state: SimState) => T): Promise<T> {
    const run = this.lock.then(() => fn(this.load()));
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** The next event time for a subscription's events: now, or one second after its last one. */
export function tick(state: SimState, subscriptionId: string): number {
  state.clocks ??= {};
  const next = Math.max(Math.floor(Date.now() / 1000), (state.clocks[subscriptionId] ?? 0) + 1);
  state.clocks[subscriptionId] = next;
  return next;
}

const STORES = Symbol.for("tenantry.billing.simulator.stores");
type Registry = Map<string, SimStore>;

/** One store per file per process (kept on globalThis: Next may load this module once per route bundle). */
export function simStoreAt(dataDir: string): SimStore {
  const registry = ((globalThis as Record<symbol, Registry | undefined>)[STORES] ??= new Map());
  const file = path.join(dataDir, "stripe-simulator.json");
  let store = registry.get(file);
  if (!store) registry.set(file, (store = new SimStore(file)));
  return store;
}
