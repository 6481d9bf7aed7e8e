import "server-only";
import { badRequest, type ErrorBody } from "@/lib/server/errors";
import type { NextResponse } from "next/server";

/** The admin API's small JSON bodies: an object, or a 400 naming the body. */
export async function readObject(
  request: Request,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: NextResponse<ErrorBody> }> {
  const text = await request.text();
  if (text.length > 64 * 1024) return { ok: false, response: badRequest("The body is larger than 64 KB.", "body") };
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
