/**
 * The closed set of errors Tenantry's functions raise, carried as ConvexError
 * data so the message and code reach the client intact. The codes and the one
 * decoder live in lib/domain/errors.ts (both sides read them); the Next side maps
 * codes to HTTP statuses (lib/server/errors.ts) and to toasts.
 */
import { ConvexError } from "convex/values";
import type { AppErrorData, ErrorCode } from "../../lib/domain/errors";

export { ERROR_CODES, isAppErrorData, type AppErrorData, type ErrorCode } from "../../lib/domain/errors";

export function appError(code: ErrorCode, message: string, field?: string): ConvexError<AppErrorData> {
  return new ConvexError<AppErrorData>(field ? { code, message, field } : { code, message });
}

/** The one answer for "no such tenant", "not a member" and "another tenant's id". */
export const notFound = (what = "Not found") => appError("NOT_FOUND", what);
