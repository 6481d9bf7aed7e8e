import { decodeJwt } from "jose";
import { z } from "zod";
import { STAFF_ROLES, type Session } from "./types";

/** Audience of every token Convex accepts (`applicationID` in convex/auth.config.ts). */
export const CONVEX_AUDIENCE = "convex";

/**
 * The Clerk JWT template named `convex` (Clerk dashboard -> JWT templates -> New -> Convex).
 * `sub`, `iss`, `iat` and `exp` are added by Clerk; the local identity provider mints the
 * same claims, so Convex functions read one shape in both modes. The README quotes this.
 */
export const CLERK_CONVEX_TEMPLATE = {
  name: "convex",
  claims: {
    aud: CONVEX_AUDIENCE,
    email: "{{user.primary_email_address}}",
    name: "{{user.full_name}}",
    org_id: "{{org.id}}",
    org_slug: "{{org.slug}}",
    org_role: "{{org.role}}",
    platform_role: "{{user.public_metadata.platform_role}}",
  },
} as const;

/**
 * Claims Tenantry reads from a Convex token. Organization claims are optional: Clerk sets
 * them for the active organization, the local provider leaves them out (Convex's own
 * membership table is the source of truth in both modes). An unknown or empty
 * platform_role counts as "no role" rather than failing sign-in.
 */
export const convexClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.email(),
  name: z.string().nullish(),
  org_id: z.string().nullish(),
  org_slug: z.string().nullish(),
  org_role: z.string().nullish(),
  platform_role: z.enum(STAFF_ROLES).nullish().catch(null),
});
export type ConvexClaims = z.infer<typeof convexClaimsSchema>;

/** Reads the session out of a Convex token this server just obtained (so it is trusted as is). */
export function sessionFromConvexToken(token: string): Session {
  const claims = convexClaimsSchema.parse(decodeJwt(token));
  return {
    userId: claims.sub,
    email: claims.email,
    name: claims.name?.trim() || claims.email,
    platformRole: claims.platform_role ?? null,
    token,
  };
}
