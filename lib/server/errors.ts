/**
 * The one map from Tenantry's closed error codes (convex/lib/errors.ts) to HTTP
 * statuses, for every route handler (a failed Convex call is decoded by
 * lib/server/convex/errors.ts). Error bodies are `{ code, message, field? }`,
 * the same shape Convex functions raise. Anything that is not one of those
 * errors is logged and answered as an opaque 500: a 500 is always our bug,
 * never the caller's bad input.
 */
import { NextResponse } from "next/server";
import { appErrorOf, isUnreachable, type AppErrorData, type ErrorCode } from "@/lib/server/convex/errors";

/**
 * INVALID is 422 (well-formed but wrong); a body that cannot be parsed at all is
 * answered 400 by the route. QUOTA_EXCEEDED is 403: retrying soon does not help,
 * and 429 stays reserved for rate limits, which always carry Retry-After.
 */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TENANT_SUSPENDED: 403,
  QUOTA_EXCEEDED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  // Retryable: a tenant move's write freeze lasts at most a few seconds (errorResponse adds Retry-After).
  TENANT_MOVING: 503,
};

export type ErrorBody = AppErrorData;

export function errorResponse(error: AppErrorData, init: { status?: number; headers?: HeadersInit } = {}): NextResponse<ErrorBody> {
  const body: ErrorBody = error.field
    ? { code: error.code, message: error.message, field: error.field }
    : { code: error.code, message: error.message };
  const headers = new Headers(init.headers);
  if (error.code === "UNAUTHENTICATED" && !headers.has("WWW-Authenticate")) headers.set("WWW-Authenticate", 'Bearer realm="tenantry"');
  if (error.code === "TENANT_MOVING" && !headers.has("Retry-After")) headers.set("Retry-After", "1");
  return NextResponse.json(body, { status: init.status ?? HTTP_STATUS[error.code], headers });
}

/** 400: the request could not be read at all (not JSON, wrong envelope, bad header). */
export function badRequest(message: string, field: string): NextResponse<ErrorBody> {
  return errorResponse({ code: "INVALID", message, field }, { status: 400 });
}

/** Known errors keep their code; anything else is logged with a reference and answered opaquely. */
export function unexpectedError(error: unknown, where: string): NextResponse {
  const known = appErrorOf(error);
  if (known) return errorResponse(known);
  const ref = crypto.randomUUID();
  const unreachable = isUnreachable(error);
  console.error(
    JSON.stringify({ event: "route_error", where, ref, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
  if (unreachable) {
    return NextResponse.json(
      { code: "UNAVAILABLE", message: `The service is briefly unavailable; retry shortly (ref ${ref}).` },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  return NextResponse.json(
    { code: "INTERNAL", message: `Something went wrong on our side and the request was not completed (ref ${ref}).` },
    { status: 500 },
  );
}
