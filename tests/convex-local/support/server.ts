/** Starting and stopping convex-local on scratch data dirs for tests. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startConvexLocal, type ConvexLocalHandle, type ConvexLocalOptions } from "../../../lib/local/convex/index";
import type { Logger } from "../../../lib/local/convex/log";

export const FIXTURES = path.resolve(import.meta.dirname, "..", "fixtures");
export const APP = path.join(FIXTURES, "app");

export function scratchDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `convex-local-${label}-`));
}

/** A logger that records each function call (kind and path), for counting re-runs. */
export function callRecorder(): Logger & { calls: { kind: string; path: string; outcome: string }[] } {
  const calls: { kind: string; path: string; outcome: string }[] = [];
  return { calls, call: (kind, p, _ms, outcome) => void calls.push({ kind, path: p, outcome }), functionConsole() {}, info() {} };
}

export async function startOn(dataDir: string, options: ConvexLocalOptions = {}): Promise<ConvexLocalHandle> {
  return startConvexLocal({ dataDir, port: 0, functionsDir: APP, ...options });
}
