// POST /api/local-auth/sign-out: ends the local session server-side (the old cookie
// stops working everywhere) and clears the cookie. 404 in Clerk mode.
import { signOutLocal } from "@/lib/server/auth/local";
import { getEnv } from "@/lib/server/env";
import { localIdentityIssuer, noStoreJson, notFoundResponse } from "../guard";

export async function POST(request: Request): Promise<Response> {
  if (!localIdentityIssuer()) return notFoundResponse();
  // Refuse cross-site posts so another site cannot sign people out.
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(getEnv().appUrl).origin && origin !== new URL(request.url).origin) {
    return noStoreJson({ code: "FORBIDDEN", message: "Cross-site sign-out refused." }, { status: 403 });
  }
  await signOutLocal();
  return noStoreJson({ signedOut: true });
}
