/**
 * A `ws` WebSocket that records every frame the Convex client sends and
 * receives, so tests can look at the sync protocol itself (which Transition
 * carried which modification), not only at client callbacks.
 */
import WebSocket from "ws";

export type Frame = { dir: "in" | "out"; socket: number; at: number; msg: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

export type WireLog = {
  frames: Frame[];
  /** Pass as ConvexClient's `webSocketConstructor`. */
  WebSocket: typeof globalThis.WebSocket;
  /** queryId → udfPath and args, from the client's ModifyQuerySet Add messages. */
  queries(): Map<number, { udfPath: string; args: unknown }>;
  /** Every server modification (QueryUpdated, QueryFailed, QueryRemoved) for a query id. */
  modificationsFor(queryId: number): { socket: number; at: number; type: string; value?: unknown }[];
  received(type: string): Frame[];
};

const parse = (data: unknown) => {
  try {
    return JSON.parse(String(data));
  } catch {
    return { type: "<binary>" };
  }
};

export function wireLog(): WireLog {
  const frames: Frame[] = [];
  let sockets = 0;
  class RecordingWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      const socket = ++sockets;
      // Registered before the client's onmessage, so a frame is logged before it is handled.
      this.on("message", (data) => frames.push({ dir: "in", socket, at: performance.now(), msg: parse(data) }));
      const send = this.send.bind(this) as (data: unknown, ...rest: unknown[]) => void;
      (this as unknown as { send: typeof send }).send = (data, ...rest) => {
        frames.push({ dir: "out", socket, at: performance.now(), msg: parse(data) });
        return send(data, ...rest);
      };
    }
  }
  return {
    frames,
    WebSocket: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    queries() {
      const out = new Map<number, { udfPath: string; args: unknown }>();
      for (const f of frames) {
        if (f.dir !== "out" || f.msg.type !== "ModifyQuerySet") continue;
        for (const m of f.msg.modifications) if (m.type === "Add") out.set(m.queryId, { udfPath: m.udfPath, args: m.args?.[0] });
      }
      return out;
    },
    modificationsFor(queryId) {
      return frames
        .filter((f) => f.dir === "in" && f.msg.type === "Transition")
        .flatMap((f) =>
          (f.msg.modifications as { type: string; queryId: number; value?: unknown }[])
            .filter((m) => m.queryId === queryId)
            .map((m) => ({ socket: f.socket, at: f.at, type: m.type, value: m.value })),
        );
    },
    received(type) {
      return frames.filter((f) => f.dir === "in" && f.msg.type === type);
    },
  };
}

/** Resolves once `check()` is truthy (polling), or fails with `what` after `ms`. */
export async function until<T>(check: () => T, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms}ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
