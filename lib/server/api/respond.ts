import "server-only";
import { NextResponse } from "next/server";
import { errorResponse, unexpectedError } from "@/lib/server/errors";
import { UPGRADE_HINT_HEADER, nearRateLimit, upgradeHint } from "@/lib/domain/api/rateHint";
import type { ApiResult } from "@/convex/lib/apiDoor";
import type { RateInfo } from "@/convex/lib/rateLimit";
import { readApiKey } from "./request";

/**
 * Turning the door's answer into HTTP: X-RateLimit-* on every answer that took
 * part in rate limiting (Reset is seconds until the bucket is full again),
 * Retry-After on 429, and the error map of lib/server/errors.ts for refusals.
 * Near the limit (429s included) an upgrade hint rides beside them (lib/domain/api/rateHint.ts).
 */
export function rateHeaders(rate: RateInfo | null, retryAfterSeconds?: number): Headers {
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (rate) {
    headers.set("X-RateLimit-Limit", String(rate.limit));
    headers.set("X-RateLimit-Remaining", String(rate.remaining));
    headers.set("X-RateLimit-Reset", String(rate.resetSeconds));
    if (nearRateLimit(rate)) headers.set(UPGRADE_HINT_HEADER, upgradeHint(rate));
  }
  if (retryAfterSeconds !== undefined) headers.set("Retry-After", String(retryAfterSeconds));
  return headers;
}

/** A refusal from the door as an error response, with its rate-limit headers. */
export function refused(result: Extract<ApiResult<unknown>, { ok: false }>): NextResponse {
  return errorResponse(result.error, { headers: rateHeaders(result.rate, result.retryAfterSeconds) });
}

/** The door's answer as a response: `ok` values through `render` (status and body), refusals as errors. */
export function respond<T>(result: ApiResult<T>, render: (value: T, headers: Headers) => NextResponse): NextResponse {
  return result.ok ? render(result.value, rateHeaders(result.rate)) : refused(result);
}

export const json = (body: unknown, status: number, headers: Headers) => NextResponse.json(body, { status, headers });

/**
 * Every /api/v1 handler runs inside this: the key is read first (401 before
 * anything else), and nothing the handler throws escapes as an unlogged crash.
 */
export async function withApiKey(
  request: Request,
  where: string,
  handler: (keyHash: string) => Promise<NextResponse>,
): Promise<NextResponse> {
  try {
    const key = readApiKey(request);
    if (!key.ok) return key.response;
    return await handler(key.value);
  } catch (error) {
    return unexpectedError(error, where);
  }
}
