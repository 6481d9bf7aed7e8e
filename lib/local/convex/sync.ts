/**
 * Convex's WebSocket sync protocol (convex/src/browser/sync/protocol.ts), as
 * ConvexClient and ConvexReactClient speak it at /api/<version>/sync.
 *
 * Each session keeps a query set and an identity, both versioned. Everything
 * that produces a Transition (query set changes, auth changes, commits) runs
 * through one promise chain per session, so versions always line up. After a
 * commit, only queries whose read set (index ranges and ids) contains a
 * written key are re-run, and only changed results are sent. As on a
 * deployment, a query's result is shared by every session that runs the same
 * query (path, args, identity) at the same snapshot, so a commit watched by
 * many clients runs each affected query once, not once per client.
 */
import type { WebSocket } from "ws";
import { convexToJson, Base64, type JSONValue, type Value } from "convex/values";
import type { Runtime } from "./runtime";
import type { Authenticator } from "./auth";
import type { Identity, WriteSet } from "./context";
import type { ReadScope } from "./query-engine";
import { FunctionFailure, toFailure } from "./errors";
import { decodeArgs, InvalidArgumentsError } from "./args";

/** `argsError`: the arguments were malformed; the query fails with this message without running. */
type Subscription = {
  udfPath: string;
  args: Record<string, Value>;
  argsError?: string;
  key: string;
  reads: ReadScope | null;
  result: string | null;
};
/** `valueText`: a QueryUpdated value already serialized (sent as is, never re-stringified). */
type Modification = Record<string, unknown> & { type: string; queryId: number; valueText?: string };

type SharedResult = { ok: true; reads: ReadScope; text: string; logLines: string[] } | { ok: false; failure: FunctionFailure };

/** Query results at the current snapshot, by (path, args, identity), shared by all sessions of a runtime. */
const sharedResults = new WeakMap<Runtime, { ts: bigint; results: Map<string, Promise<SharedResult>> }>();

/**
 * Enough for every distinct query of a large fan-out; when reads go on with no
 * commit in between (so the snapshot never changes), the cache starts over
 * rather than holding every result ever computed.
 */
const SHARED_RESULTS_MAX = 2048;

function sharedRun(rt: Runtime, key: string, run: () => Promise<SharedResult>): Promise<SharedResult> {
  const ts = rt.snapshotTs();
  let cache = sharedResults.get(rt);
  if (!cache || cache.ts !== ts) sharedResults.set(rt, (cache = { ts, results: new Map() }));
  let result = cache.results.get(key);
  if (!result) {
    if (cache.results.size >= SHARED_RESULTS_MAX) cache.results.clear();
    cache.results.set(key, (result = run()));
  }
  return result;
}

function serializeModification(m: Modification): string {
  if (m.valueText === undefined) return JSON.stringify(m);
  const { valueText, ...rest } = m;
  return `${JSON.stringify({ ...rest, value: null }).slice(0, -1)},"value":${valueText}}`;
}

/** A u64 timestamp as the protocol encodes it: base64 of 8 little-endian bytes. */
export function encodeTs(ts: bigint): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ts);
  return Base64.fromByteArray(new Uint8Array(b));
}

/** A commit's written keys in order, sorted once per commit and shared by every session that checks it. */
const sortedKeys = new WeakMap<WriteSet, Buffer[]>();

function intersects(reads: ReadScope, writes: WriteSet): boolean {
  if (writes.ids.size <= reads.readIds.size) {
    for (const id of writes.ids) if (reads.readIds.has(id)) return true;
  } else {
    for (const id of reads.readIds) if (writes.ids.has(id)) return true;
  }
  if (writes.keys.length * reads.readRanges.length <= 64) {
    for (const key of writes.keys) {
      for (const r of reads.readRanges) {
        if (Buffer.compare(key, r.lower) >= 0 && Buffer.compare(key, r.upper) < 0) return true;
      }
    }
    return false;
  }
  // A big commit (a bulk insert writes thousands of keys): binary-search each range.
  let keys = sortedKeys.get(writes);
  if (!keys) sortedKeys.set(writes, (keys = [...writes.keys].sort(Buffer.compare)));
  for (const r of reads.readRanges) {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(keys[mid], r.lower) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (lo < keys.length && Buffer.compare(keys[lo], r.upper) < 0) return true;
  }
  return false;
}

/** How long a removal's acknowledgement waits for a Transition to ride on. */
const DEFER_REMOVALS_MS = 5;

export class SyncSession {
  private querySetVersion = 0;
  private identityVersion = 0;
  private identity: Identity | null = null;
  private admin = false;
  /** Who the session's queries run as, for the shared result cache. */
  private identityKey = "anonymous";
  private sentTs = 0n;
  /** The query set and identity versions of the last Transition sent. */
  private sentVersion = { querySet: 0, identity: 0 };
  private deferred: Modification[] = [];
  private deferredTimer: NodeJS.Timeout | null = null;
  private queries = new Map<number, Subscription>();
  private chain: Promise<void> = Promise.resolve();
  /** Settles once the last Authenticate received so far has been handled. */
  private authSettled: Promise<void> = Promise.resolve();
  private pendingWrites: WriteSet[] = [];
  private refreshQueued = false;
  /** Set once the socket is closing: nothing queued after that runs. */
  private closed = false;
  private unsubscribe: () => void;
  private ping: NodeJS.Timeout;

  constructor(
    private ws: WebSocket,
    private rt: Runtime,
    private auth: Authenticator,
  ) {
    this.unsubscribe = rt.onCommit((writes) => this.onCommit(writes));
    ws.on("message", (data) => this.onMessage(String(data)));
    ws.on("close", () => this.close());
    ws.on("error", () => this.close());
    this.ping = setInterval(() => this.send({ type: "Ping" }), 15_000);
  }

  private close() {
    this.closed = true;
    clearInterval(this.ping);
    if (this.deferredTimer) clearTimeout(this.deferredTimer);
    this.unsubscribe();
  }

  private send(msg: unknown) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private enqueue(work: () => Promise<void>) {
    this.chain = this.chain
      .then(() => (this.closed ? undefined : work()))
      .catch((e) => {
        this.send({ type: "FatalError", error: (e as Error).message });
        this.ws.close(1011, "internal error");
      });
  }

  private onMessage(text: string) {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text);
    } catch {
      return this.fatal("Received a message that is not JSON.");
    }
    switch (msg.type) {
      case "Connect":
        return;
      case "ModifyQuerySet":
        return this.enqueue(() => this.modifyQuerySet(msg as never));
      case "Authenticate":
        this.enqueue(() => this.authenticate(msg as never));
        this.authSettled = this.chain;
        return;
      case "Mutation":
      case "Action": {
        // A request runs as whoever the session is once every Authenticate
        // received before it has been handled (as a deployment's ordered message
        // stream does), and not as a later one. It does not wait for query work.
        // Requests run concurrently (the runtime serializes mutations).
        void this.authSettled.then(() => {
          if (!this.closed) void this.request(msg as never, this.identity, this.admin);
        });
        return;
      }
      case "Event":
        return;
      default:
        return this.fatal(`Unknown message type ${String(msg.type)}`);
    }
  }

  private fatal(error: string) {
    this.send({ type: "FatalError", error });
    this.ws.close(1011, error.slice(0, 100));
  }

  private async runSubscription(sub: Subscription): Promise<Modification | null> {
    if (sub.argsError !== undefined) {
      if (sub.result !== null) return null; // the same failure, already sent
      sub.result = `error:${sub.argsError}`;
      return { type: "QueryFailed", queryId: -1, errorMessage: sub.argsError, logLines: [], errorData: null, journal: null };
    }
    const { identity, admin } = this;
    const r = await sharedRun(this.rt, `${sub.key}\u0000${this.identityKey}`, async () => {
      try {
        const q = await this.rt.runQuery(sub.udfPath, sub.args, identity, { internal: admin });
        return { ok: true, reads: q.reads, text: q.json, logLines: q.logLines };
      } catch (e) {
        return { ok: false, failure: e instanceof FunctionFailure ? e : toFailure(e, "sync", []) };
      }
    });
    if (r.ok) {
      sub.reads = r.reads;
      if (r.text === sub.result) return null;
      sub.result = r.text;
      return { type: "QueryUpdated", queryId: -1, valueText: r.text, logLines: r.logLines, journal: null };
    }
    {
      const f = r.failure;
      sub.reads = null; // a failed query is retried on any write
      sub.result = `error:${f.message}`;
      return {
        type: "QueryFailed",
        queryId: -1,
        errorMessage: f.message,
        logLines: f.logLines,
        errorData: f.errorData ?? null,
        journal: null,
      };
    }
  }

  /**
   * Sends everything since the last Transition: the client's versions move
   * from what it was last sent to the session's current ones, carrying any
   * deferred QueryRemoved acknowledgements first.
   */
  private transition(modifications: Modification[]) {
    if (this.deferredTimer) clearTimeout(this.deferredTimer);
    this.deferredTimer = null;
    const mods = this.deferred.length > 0 ? [...this.deferred, ...modifications] : modifications;
    this.deferred = [];
    const ts = this.rt.snapshotTs() > this.sentTs ? this.rt.snapshotTs() : this.sentTs;
    const head = JSON.stringify({
      type: "Transition",
      startVersion: { ...this.sentVersion, ts: encodeTs(this.sentTs) },
      endVersion: { querySet: this.querySetVersion, identity: this.identityVersion, ts: encodeTs(ts) },
    });
    if (this.ws.readyState === this.ws.OPEN)
      this.ws.send(`${head.slice(0, -1)},"modifications":[${mods.map(serializeModification).join(",")}]}`);
    this.sentTs = ts;
    this.sentVersion = { querySet: this.querySetVersion, identity: this.identityVersion };
  }

  /**
   * A query set change that only removes queries has nothing the client
   * waits for: its acknowledgement rides on the next Transition (typically
   * the answer to the query the client subscribes to next), or goes out on
   * its own shortly after. One message instead of two per one-shot query.
   */
  private deferRemovals(mods: Modification[]) {
    this.deferred.push(...mods);
    this.deferredTimer ??= setTimeout(() => {
      this.deferredTimer = null;
      this.enqueue(async () => (this.deferred.length > 0 ? this.transition([]) : undefined));
    }, DEFER_REMOVALS_MS);
  }

  private async modifyQuerySet(msg: {
    baseVersion: number;
    newVersion: number;
    modifications: { type: string; queryId: number; udfPath?: string; args?: JSONValue[] }[];
  }) {
    if (msg.baseVersion !== this.querySetVersion)
      return this.fatal(`Base version ${msg.baseVersion} passed up doesn't match the current version ${this.querySetVersion}`);
    const mods: Modification[] = [];
    for (const m of msg.modifications) {
      if (m.type === "Remove") {
        this.queries.delete(m.queryId);
        mods.push({ type: "QueryRemoved", queryId: m.queryId });
        continue;
      }
      const argsJson = (m.args?.[0] ?? {}) as JSONValue;
      const sub: Subscription = {
        udfPath: m.udfPath!,
        args: {},
        key: `${m.udfPath}\u0000${JSON.stringify(argsJson)}`,
        reads: null,
        result: null,
      };
      try {
        sub.args = (decodeArgs(sub.udfPath, argsJson) ?? {}) as Record<string, Value>;
      } catch (e) {
        if (!(e instanceof InvalidArgumentsError)) throw e;
        sub.argsError = e.message;
      }
      this.queries.set(m.queryId, sub);
      const mod = await this.runSubscription(sub);
      mods.push({ ...mod!, queryId: m.queryId });
    }
    this.querySetVersion = msg.newVersion;
    if (mods.length > 0 && mods.every((m) => m.type === "QueryRemoved")) this.deferRemovals(mods);
    else this.transition(mods);
  }

  private async authenticate(msg: { tokenType: string; value?: string; baseVersion: number; impersonating?: Record<string, unknown> }) {
    if (msg.baseVersion !== this.identityVersion)
      return this.fatal(`Identity base version ${msg.baseVersion} doesn't match ${this.identityVersion}`);
    try {
      if (msg.tokenType === "User") {
        this.identity = await this.auth.verify(msg.value!);
        this.admin = false;
      } else if (msg.tokenType === "Admin") {
        const { identity } = this.auth.verifyAdmin(msg.value!);
        this.identity = msg.impersonating ? (await import("./auth")).actingAsIdentity(msg.impersonating) : identity;
        this.admin = true;
      } else {
        this.identity = null;
        this.admin = false;
      }
    } catch (e) {
      // As a deployment's sync worker does: AuthError is the connection's last
      // message. Nothing received after the bad token (queries, mutations) runs,
      // so nothing is answered as if the caller were anonymous; the client
      // reconnects with whatever auth it decides on next.
      this.send({ type: "AuthError", error: (e as Error).message, baseVersion: msg.baseVersion, authUpdateAttempted: true });
      this.close();
      this.ws.close(1000, "AuthError");
      return;
    }
    this.identityKey =
      this.identity === null && !this.admin ? "anonymous" : `${this.admin ? "admin" : "user"}:${JSON.stringify(this.identity)}`;
    this.identityVersion += 1;
    const mods: Modification[] = [];
    for (const [queryId, sub] of this.queries) {
      sub.result = null; // identity changed: resend every result
      const mod = await this.runSubscription(sub);
      if (mod) mods.push({ ...mod, queryId });
    }
    this.transition(mods);
  }

  private onCommit(writes: WriteSet) {
    this.pendingWrites.push(writes);
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    // Commits that land while a refresh is queued are folded into it.
    this.enqueue(() => this.refresh());
  }

  private async refresh() {
    this.refreshQueued = false;
    const writes = this.pendingWrites;
    this.pendingWrites = [];
    const mods: Modification[] = [];
    for (const [queryId, sub] of this.queries) {
      if (sub.reads && !writes.some((w) => intersects(sub.reads!, w))) continue;
      const mod = await this.runSubscription(sub);
      if (mod) mods.push({ ...mod, queryId });
    }
    if (mods.length > 0) this.transition(mods);
  }

  private async request(
    msg: { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] },
    identity: Identity | null,
    admin: boolean,
  ) {
    const responseType = msg.type === "Mutation" ? "MutationResponse" : "ActionResponse";
    try {
      const args = (decodeArgs(msg.udfPath, (msg.args?.[0] ?? {}) as JSONValue) ?? {}) as Record<string, Value>;
      if (msg.type === "Mutation") {
        const r = await this.rt.runMutation(msg.udfPath, args, identity, { internal: admin });
        // The client resolves a mutation once it has seen a Transition at or after its ts.
        this.enqueue(async () => {
          this.send({
            type: responseType,
            requestId: msg.requestId,
            success: true,
            result: convexToJson(r.value),
            ts: encodeTs(r.ts),
            logLines: r.logLines,
          });
          this.transition([]);
        });
      } else {
        const r = await this.rt.runAction(msg.udfPath, args, identity, { internal: admin });
        this.send({ type: responseType, requestId: msg.requestId, success: true, result: convexToJson(r.value), logLines: r.logLines });
      }
    } catch (e) {
      const f = e instanceof FunctionFailure ? e : toFailure(e, "sync", []);
      const reply = {
        type: responseType,
        requestId: msg.requestId,
        success: false,
        result: f.message,
        logLines: f.logLines,
        ...(f.errorData !== undefined ? { errorData: f.errorData } : {}),
      };
      if (msg.type === "Mutation") this.enqueue(async () => this.send(reply));
      else this.send(reply);
    }
  }
}
