import type { AuthConfig } from "convex/server";

// Issuers whose JWTs Convex accepts. Both use applicationID "convex" (the token's `aud`).
// - Clerk: only when CLERK_JWT_ISSUER_DOMAIN is set in the Convex deployment's environment
//   (your Clerk Frontend API URL); tokens come from the Clerk JWT template named "convex".
// - The app's local identity provider: OIDC discovery + JWKS at <APP_URL>/api/local-auth.
//   Convex fetches those over HTTP, so it must match the app's APP_URL exactly.
const clerkIssuer = process.env.CLERK_JWT_ISSUER_DOMAIN;
const localIssuer = process.env.TENANTRY_LOCAL_AUTH_ISSUER ?? "http://localhost:3000/api/local-auth";

export default {
  providers: [...(clerkIssuer ? [{ domain: clerkIssuer, applicationID: "convex" }] : []), { domain: localIssuer, applicationID: "convex" }],
} satisfies AuthConfig;
