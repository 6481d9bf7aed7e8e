import "server-only";
import { createHash } from "node:crypto";
import type { NextResponse } from "next/server";
import { badRequest, errorResponse, type ErrorBody } from "@/lib/server/errors";
import { KEY_PATTERN } from "../../domain/api/keys";

/**
 * Reading a runtime API request: the bearer key (hashed here, so the key itself
 * never leaves this process), a size-capped JSON body, and the Idempotency-Key
 * header. Each step answers the caller's mistake as a 400/401/413 naming what
 * was wrong, never as a 500.
 */
export type Read<T> = { ok: true; value: T } | { ok: false; response: NextResponse<ErrorBody> };

export const MAX_BODY_BYTES = 1024 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** `Authorization: Bearer tnt_...` -> the key's SHA-256, which is all Convex is ever given. */
export function readApiKey(request: Request): Read<string> {
  const header = request.headers.get("authorization");
  if (!header) {
    return {
      ok: false,
      response: errorResponse({ code: "UNAUTHENTICATED", message: "Missing API key: send it as Authorization: Bearer <key>." }),
    };
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed key gets the same answer as a revoked one: nothing to learn by probing.
  if (!match || !KEY_PATTERN.test(match[1]))
    return { ok: false, response: errorResponse({ code: "UNAUTHENTICATED", message: "Invalid or revoked API key." }) };
  return { ok: true, value: sha256(match[1]) };
}

/**
 * The body as text, or null past `max` bytes. Read as a stream and abandoned at the limit,
 * so a body sent without (or with a lying) Content-Length is never buffered whole.
 */
async function readCapped(request: Request, max: number): Promise<string | null> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The body as JSON, at most 1 MiB (413 past it, whatever Content-Length says). */
export async function readJson(request: Request): Promise<Read<{ value: unknown; text: string }>> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  const tooLarge = () =>
    errorResponse(
      { code: "INVALID", message: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB; send smaller batches.`, field: "body" },
      { status: 413 },
    );
  if (declared > MAX_BODY_BYTES) return { ok: false, response: tooLarge() };
  const text = await readCapped(request, MAX_BODY_BYTES);
  if (text === null) return { ok: false, response: tooLarge() };
  if (text.trim() === "") return { ok: false, response: badRequest("The body is empty; send a JSON document.", "body") };
  try {
    return { ok: true, value: { value: JSON.parse(text) as unknown, text } };
  } catch {
    return { ok: false, response: badRequest("The body is not valid JSON.", "body") };
  }
}

/** The Idempotency-Key header (optional) with a hash of the request it names. */
export function readIdempotency(request: Request, canonicalBody: unknown): Read<{ key: string; requestHash: string } | undefined> {
  const key = request.headers.get("idempotency-key");
  if (key === null) return { ok: true, value: undefined };
  if (!IDEMPOTENCY_KEY.test(key))
    return {
      ok: false,
      response: badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).", "Idempotency-Key"),
    };
  return { ok: true, value: { key, requestHash: sha256(JSON.stringify(canonicalBody)) } };
}
