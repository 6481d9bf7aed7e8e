/**
 * The closed set of errors Tenantry's functions raise (convex/lib/errors.ts throws them as
 * ConvexError data) and the one decoder of a failed call back into that data. Pure: both
 * the browser's error text (components/shared/errors.ts) and the Next server's Convex
 * gateway (lib/server/convex) read errors through `appErrorOf`, so neither decodes by hand.
 */
export const ERROR_CODES = [
  "NOT_FOUND",
  "FORBIDDEN",
  "INVALID",
  "QUOTA_EXCEEDED",
  "RATE_LIMITED",
  "TENANT_SUSPENDED",
  "CONFLICT",
  "UNAUTHENTICATED",
  // The tenant is being moved to another deployment and its writes are frozen for a moment (at most a few seconds): retry.
  "TENANT_MOVING",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type AppErrorData = { code: ErrorCode; message: string; field?: string };

export function isAppErrorData(x: unknown): x is AppErrorData {
  return (
    typeof x === "object" &&
    x !== null &&
    (ERROR_CODES as readonly string[]).includes((x as { code?: string }).code ?? "") &&
    typeof (x as { message?: unknown }).message === "string"
  );
}

/**
 * The AppErrorData a failed Convex call carries, or null for anything else (a network
 * failure, a bug, a ConvexError without one of our codes). Checked by shape rather than
 * `instanceof ConvexError` because this module may not import convex/values; the shape is
 * what ConvexError is on either side of the wire (an Error named "ConvexError" with `data`).
 */
export function appErrorOf(error: unknown): AppErrorData | null {
  if (!(error instanceof Error) || error.name !== "ConvexError" || !("data" in error)) return null;
  return isAppErrorData(error.data) ? error.data : null;
}
