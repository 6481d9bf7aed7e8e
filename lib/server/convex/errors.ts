/**
 * How the Convex gateway reads a failed call. A function's own refusal is the closed
 * AppErrorData, decoded by the one decoder in lib/domain/errors.ts (re-exported here for
 * the server side). A deployment that cannot answer at all becomes a BackendError.
 *
 * BackendError: errors that reach the error boundary with a known cause. Next replaces server error
 * messages with a generic one in production but keeps a thrown error's `digest`, so the
 * cause travels as the digest and app/error.tsx explains it. Importable by client code.
 */
export { appErrorOf, type AppErrorData, type ErrorCode } from "@/lib/domain/errors";

export const BACKEND_UNAVAILABLE = "TENANTRY_BACKEND_UNAVAILABLE";
export const BACKEND_OUTDATED = "TENANTRY_BACKEND_OUTDATED";
export const BACKEND_AUTH_REJECTED = "TENANTRY_BACKEND_AUTH_REJECTED";

export class BackendError extends Error {
  constructor(
    message: string,
    readonly digest: typeof BACKEND_UNAVAILABLE | typeof BACKEND_OUTDATED | typeof BACKEND_AUTH_REJECTED,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "BackendError";
  }

  /** Classifies a failed Convex call; unknown failures are returned unchanged. */
  static from(error: unknown, url: string): unknown {
    const message = error instanceof Error ? error.message : String(error);
    if (isUnreachable(error)) {
      return new BackendError(`Convex is not reachable at ${url}`, BACKEND_UNAVAILABLE, { cause: error });
    }
    if (/Could not find public function/i.test(message)) {
      return new BackendError(`Convex at ${url} does not have Tenantry's functions: ${message}`, BACKEND_OUTDATED, {
        cause: error,
      });
    }
    return error;
  }
}

/** The deployment did not answer at all (fetch's own failure; the gateway's node:http client raises the same). */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}
