import "server-only";
import { NextResponse } from "next/server";
import { appErrorOf } from "@/lib/server/convex/errors";
import { errorResponse, unexpectedError } from "@/lib/server/errors";

/** Answers are never cached: they are one operator's view of live data. */
export const ok = (body: unknown, status = 200) => NextResponse.json(body, { status, headers: { "Cache-Control": "no-store" } });

/**
 * A token Convex cannot verify (expired, forged, another issuer) fails before any
 * function runs, as a plain error naming the token; the operator gets a 401 for it.
 */
const TOKEN_REJECTED = /\b(OIDC|JWT|token)\b/i;

export function failure(error: unknown, where: string): NextResponse {
  if (!appErrorOf(error) && error instanceof Error && TOKEN_REJECTED.test(error.message))
    return errorResponse({ code: "UNAUTHENTICATED", message: "Invalid or expired operator token." });
  return unexpectedError(error, where);
}
