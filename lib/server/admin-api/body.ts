import "server-only";
import { badRequest, type ErrorBody } from "@/lib/server/errors";
import type { NextResponse } from "next/server";

/** The admin API's JSON bodies: an object, or a 400 naming the body. 64 KB unless the route allows more (import batches). */
export async function readObject(
  request: Request,
  maxBytes = 64 * 1024,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: NextResponse<ErrorBody> }> {
  const text = await request.text();
  if (text.length > maxBytes)
    return { ok: false, response: badRequest(`The body is larger than ${Math.round(maxBytes / 1024)} KB.`, "body") };
  let value: unknown;
  try {
    value = text ? JSON.parse(text) : {};
  } catch {
    return { ok: false, response: badRequest("The body is not valid JSON.", "body") };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, response: badRequest("The body must be a JSON object.", "body") };
  return { ok: true, value: value as Record<string, unknown> };
}
