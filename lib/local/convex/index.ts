/**
 * convex-local's programmatic entry: `startConvexLocal()` starts a server
 * and returns a handle with convex-test's interface (`query`, `mutation`,
 * `action`, `run`, `withIdentity`, `fetch`, `finishAllScheduledFunctions`),
 * so a test written for convex-test runs against convex-local unchanged.
 * The handle itself is in test-handle.ts.
 */
import { startConvexServer, type ConvexLocalOptions } from "./server";
import { silentLogger } from "./log";
import { handleFor, type ConvexLocalHandle } from "./test-handle";

export type { ConvexLocalOptions } from "./server";
export type { ConvexLocalHandle } from "./test-handle";

/** Starts convex-local and returns a convex-test-compatible handle. */
export async function startConvexLocal(options: ConvexLocalOptions = {}): Promise<ConvexLocalHandle> {
  const server = await startConvexServer({ log: silentLogger, ...options });
  return handleFor(server, null);
}
