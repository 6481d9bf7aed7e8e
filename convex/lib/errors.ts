/**
 * The closed set of errors Tenantry's functions raise, carried as ConvexError
 * data so the message and code reach the client intact. The Next side maps
 * codes to HTTP statuses (lib/server/errors.ts) and to toasts.
 */
import { ConvexError } from "convex/values";

export const ERROR_CODES = [
  "NOT_FOUND",
  "FORBIDDEN",
  "INVALID",
  "QUOTA_EXCEEDED",
  "RATE_LIMITED",
  "TENANT_SUSPENDED",
  "CONFLICT",
  "UNAUTHENTICATED",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type AppErrorData = { code: ErrorCode; message: string; field?: string };

export function appError(code: ErrorCode, message: string, field?: string): ConvexError<AppErrorData> {
  return new ConvexError<AppErrorData>(field ? { code, message, field } : { code, message });
}

/** The one answer for "no such tenant", "not a member" and "another tenant's id". */
export const notFound = (what = "Not found") => appError("NOT_FOUND", what);

export function isAppErrorData(x: unknown): x is AppErrorData {
  return (
    typeof x === "object" &&
    x !== null &&
    (ERROR_CODES as readonly string[]).includes((x as { code?: string }).code ?? "") &&
    typeof (x as { message?: unknown }).message === "string"
  );
}
