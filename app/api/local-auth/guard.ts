import "server-only";
import { getEnv } from "@/lib/server/env";

/**
 * The local identity provider's routes exist only in local mode. In Clerk mode they
 * answer 404 like any unknown URL, so nothing can mint or accept local sessions there.
 */
export function localIdentityIssuer(): string | null {
  const { identity } = getEnv();
  return identity.kind === "local" ? identity.issuer : null;
}

export function notFoundResponse(): Response {
  return Response.json({ code: "NOT_FOUND", message: "Not found." }, { status: 404 });
}

/** JSON that must never be cached by a browser or proxy (tokens, session state). */
export function noStoreJson(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  return Response.json(body, { ...init, headers });
}
