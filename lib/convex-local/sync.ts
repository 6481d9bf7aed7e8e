/**
 * Convex's WebSocket sync protocol (convex/src/browser/sync/protocol.ts), as
 * ConvexClient and ConvexReactClient speak it at /api/<version>/sync.
 *
 * Each session keeps a query set and an identity, both versioned. Everything
 * that produces a Transition (query set changes, auth changes, commits) runs
 * through one promise chain per session, so versions always line up. After a
 * commit, only queries whose read set (index ranges and ids) contains a
 * written key are re-run, and only changed results are sent.
 */
import type { WebSocket } from "ws";
import { convexToJson, jsonToConvex, Base64, type JSONValue, type Value } from "convex/values";
import type { Runtime } from "./runtime";
import type { Authenticator } from "./auth";
import type { Identity, WriteSet } from "./context";
import type { ReadScope } from "./query-engine";
import { FunctionFailure, toFailure } from "./errors";

type Subscription = { udfPath: string; args: Record<string, Value>; reads: ReadScope | null; result: string | null };
type Modification = Record<string, unknown> & { type: string; queryId: number };

/** A u64 timestamp as the protocol encodes it: base64 of 8 little-endian bytes. */
export function encodeTs(ts: bigint): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ts);
  return Base64.fromByteArray(new Uint8Array(b));
}

function intersects(reads: ReadScope, writes: WriteSet): boolean {
  for (const id of writes.ids) if (reads.readIds.has(id)) return true;
  for (const key of writes.keys) {
    for (const r of reads.readRanges) {
      if (Buffer.compare(key, r.lower) >= 0 && Buffer.compare(key, r.upper) < 0) return true;
    }
  }
  return false;
}

export class SyncSession {
  private querySetVersion = 0;
  private identityVersion = 0;
  private identity: Identity | null = null;
  private admin = false;
  private sentTs = 0n;
  private queries = new Map<number, Subscription>();
  private chain: Promise<void> = Promise.resolve();
  private pendingWrites: WriteSet[] = [];
  private refreshQueued = false;
  private unsubscribe: () => void;
  private ping: NodeJS.Timeout;

  constructor(private ws: WebSocket, private rt: Runtime, private auth: Authenticator) {
    this.unsubscribe = rt.onCommit((writes) => this.onCommit(writes));
    ws.on("message", (data) => this.onMessage(String(data)));
    ws.on("close", () => this.close());
    ws.on("error", () => this.close());
    this.ping = setInterval(() => this.send({ type: "Ping" }), 15_000);
  }

  private close() {
    clearInterval(this.ping);
    this.unsubscribe();
  }

  private send(msg: unknown) {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private enqueue(work: () => Promise<void>) {
    this.chain = this.chain.then(work).catch((e) => {
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
        return this.enqueue(() => this.authenticate(msg as never));
      case "Mutation":
      case "Action":
        void this.request(msg as never);
        return;
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
    try {
      const r = await this.rt.runQuery(sub.udfPath, sub.args, this.identity, { internal: this.admin });
      sub.reads = r.reads;
      const value = convexToJson(r.value);
      const text = JSON.stringify(value);
      if (text === sub.result) return null;
      sub.result = text;
      return { type: "QueryUpdated", queryId: -1, value, logLines: r.logLines, journal: null };
    } catch (e) {
      const f = e instanceof FunctionFailure ? e : toFailure(e, "sync", []);
      sub.reads = null; // a failed query is retried on any write
      sub.result = `error:${f.message}`;
      return { type: "QueryFailed", queryId: -1, errorMessage: f.message, logLines: f.logLines, errorData: f.errorData ?? null, journal: null };
    }
  }

  private transition(fromVersion: { querySet: number; identity: number }, modifications: Modification[]) {
    const ts = this.rt.snapshotTs() > this.sentTs ? this.rt.snapshotTs() : this.sentTs;
    this.send({
      type: "Transition",
      startVersion: { ...fromVersion, ts: encodeTs(this.sentTs) },
      endVersion: { querySet: this.querySetVersion, identity: this.identityVersion, ts: encodeTs(ts) },
      modifications,
    });
    this.sentTs = ts;
  }

  private async modifyQuerySet(msg: { baseVersion: number; newVersion: number; modifications: { type: string; queryId: number; udfPath?: string; args?: JSONValue[] }[] }) {
    if (msg.baseVersion !== this.querySetVersion) return this.fatal(`Base version ${msg.baseVersion} passed up doesn't match the current version ${this.querySetVersion}`);
    const from = { querySet: this.querySetVersion, identity: this.identityVersion };
    const mods: Modification[] = [];
    for (const m of msg.modifications) {
      if (m.type === "Remove") {
        this.queries.delete(m.queryId);
        mods.push({ type: "QueryRemoved", queryId: m.queryId });
        continue;
      }
      const sub: Subscription = { udfPath: m.udfPath!, args: (jsonToConvex(m.args?.[0] ?? {}) ?? {}) as Record<string, Value>, reads: null, result: null };
      this.queries.set(m.queryId, sub);
      const mod = await this.runSubscription(sub);
      mods.push({ ...mod!, queryId: m.queryId });
    }
    this.querySetVersion = msg.newVersion;
    this.transition(from, mods);
  }

  private async authenticate(msg: { tokenType: string; value?: string; baseVersion: number; impersonating?: Record<string, unknown> }) {
    if (msg.baseVersion !== this.identityVersion) return this.fatal(`Identity base version ${msg.baseVersion} doesn't match ${this.identityVersion}`);
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
      this.send({ type: "AuthError", error: (e as Error).message, baseVersion: msg.baseVersion, authUpdateAttempted: true });
      return;
    }
    const from = { querySet: this.querySetVersion, identity: this.identityVersion };
    this.identityVersion += 1;
    const mods: Modification[] = [];
    for (const [queryId, sub] of this.queries) {
      sub.result = null; // identity changed: resend every result
      const mod = await this.runSubscription(sub);
      if (mod) mods.push({ ...mod, queryId });
    }
    this.transition(from, mods);
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
    const from = { querySet: this.querySetVersion, identity: this.identityVersion };
    const mods: Modification[] = [];
    for (const [queryId, sub] of this.queries) {
      if (sub.reads && !writes.some((w) => intersects(sub.reads!, w))) continue;
      const mod = await this.runSubscription(sub);
      if (mod) mods.push({ ...mod, queryId });
    }
    if (mods.length > 0) this.transition(from, mods);
  }

  private async request(msg: { type: "Mutation" | "Action"; requestId: number; udfPath: string; args: JSONValue[] }) {
    const args = (jsonToConvex(msg.args?.[0] ?? {}) ?? {}) as Record<string, Value>;
    const responseType = msg.type === "Mutation" ? "MutationResponse" : "ActionResponse";
    try {
      if (msg.type === "Mutation") {
        const r = await this.rt.runMutation(msg.udfPath, args, this.identity, { internal: this.admin });
        // The client resolves a mutation once it has seen a Transition at or after its ts.
        this.enqueue(async () => {
          this.send({ type: responseType, requestId: msg.requestId, success: true, result: convexToJson(r.value), ts: encodeTs(r.ts), logLines: r.logLines });
          this.transition({ querySet: this.querySetVersion, identity: this.identityVersion }, []);
        });
      } else {
        const r = await this.rt.runAction(msg.udfPath, args, this.identity, { internal: this.admin });
        this.send({ type: responseType, requestId: msg.requestId, success: true, result: convexToJson(r.value), logLines: r.logLines });
      }
    } catch (e) {
      const f = e instanceof FunctionFailure ? e : toFailure(e, "sync", []);
      const reply = { type: responseType, requestId: msg.requestId, success: false, result: f.message, logLines: f.logLines, ...(f.errorData !== undefined ? { errorData: f.errorData } : {}) };
      if (msg.type === "Mutation") this.enqueue(async () => this.send(reply));
      else this.send(reply);
    }
  }
}
