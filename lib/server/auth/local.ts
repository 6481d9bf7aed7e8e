/**
 * The local identity provider as the app reaches it (local mode only): the
 * demo sign-in page, its routes and the JWKS the Convex side verifies tokens
 * with. The provider lives in lib/local; app code imports it only through
 * this adapter, so the layer rule (lib/local behind lib/server) holds.
 */
export { DEMO_USERS, signInEmailSchema } from "@/lib/local/identity/directory";
export { getLocalSession, sessionFromCookieValue, SESSION_COOKIE, signInLocal, signOutLocal } from "@/lib/local/identity/adapter";
export { getSigningKey } from "@/lib/local/identity/keys";
