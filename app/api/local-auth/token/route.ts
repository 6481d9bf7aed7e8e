// GET /api/local-auth/token: a fresh 5-minute Convex token for the signed-in user, for the
// browser's Convex client (its fetchAccessToken). 401 when signed out, 404 in Clerk mode.
import { getLocalSession } from "@/lib/server/auth/local";
import { localIdentityIssuer, noStoreJson, notFoundResponse } from "../guard";

export async function GET(): Promise<Response> {
  if (!localIdentityIssuer()) return notFoundResponse();
  const session = await getLocalSession();
  if (!session) return noStoreJson({ code: "UNAUTHENTICATED", message: "Sign in first." }, { status: 401 });
  return noStoreJson({ token: session.token });
}
