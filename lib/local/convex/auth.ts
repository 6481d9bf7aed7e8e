/**
 * Verifies user JWTs the way a Convex deployment does: against the providers
 * in convex/auth.config.ts, by OIDC discovery (`domain`) or an explicit JWKS
 * (`customJwt`), checking issuer, audience (`applicationID`), expiry and an
 * RS256/ES256 signature. Admin keys (`Convex <key>[:<identity>]`) are what the
 * CLI and dashboard use to call internal functions or act as a user.
 */
import crypto from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from "jose";
import type { Identity } from "./context";

type Provider =
  | { type?: undefined; domain: string; applicationID: string }
  | { type: "customJwt"; issuer: string; jwks: string; applicationID?: string; algorithm: string };

export class AuthError extends Error {}

const STANDARD_CLAIMS: Record<string, string> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
const SKIP = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp"]);

export function identityFromClaims(claims: JWTPayload): Identity {
  const identity: Identity = { tokenIdentifier: `${claims.iss}|${claims.sub}`, subject: String(claims.sub), issuer: String(claims.iss) };
  for (const [k, v] of Object.entries(claims)) {
    if (SKIP.has(k)) continue;
    identity[STANDARD_CLAIMS[k] ?? k] = v;
  }
  return identity;
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

export class Authenticator {
  private jwks = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
  constructor(
    private providers: () => Provider[],
    readonly adminKey: string,
  ) {}

  private async keySet(provider: Provider) {
    const key = provider.type === "customJwt" ? provider.jwks : provider.domain;
    let set = this.jwks.get(key);
    if (!set) {
      let jwksUri = provider.type === "customJwt" ? provider.jwks : "";
      if (!jwksUri) {
        const url = `${trimSlash((provider as { domain: string }).domain)}/.well-known/openid-configuration`;
        const res = await fetch(url).catch((e) => {
          throw new AuthError(`Could not reach the OIDC discovery document at ${url}: ${(e as Error).message}`);
        });
        if (!res.ok) throw new AuthError(`OIDC discovery at ${url} answered ${res.status}`);
        jwksUri = ((await res.json()) as { jwks_uri: string }).jwks_uri;
      }
      set = createRemoteJWKSet(new URL(jwksUri));
      this.jwks.set(key, set);
    }
    return set;
  }

  /** A verified identity, or AuthError with the reason (never a silent anonymous call). */
  async verify(token: string): Promise<Identity> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new AuthError(
        "Could not parse JWT payload. Check that the token is a valid JWT format with three base64url-encoded parts separated by dots.",
      );
    }
    const iss = trimSlash(String(unverified.iss ?? ""));
    const provider = this.providers().find((p) => trimSlash(p.type === "customJwt" ? p.issuer : p.domain) === iss);
    if (!provider) {
      throw new AuthError(`No auth provider found matching the given token (issuer "${unverified.iss}"). Check your auth.config.ts.`);
    }
    try {
      const { payload } = await jwtVerify(token, await this.keySet(provider), {
        issuer: [iss, `${iss}/`],
        audience: provider.applicationID,
        clockTolerance: 5,
      });
      return identityFromClaims(payload);
    } catch (e) {
      if (e instanceof AuthError) throw e;
      throw new AuthError(`Failed to authenticate: ${(e as Error).message}`);
    }
  }

  /** Checks an admin key in constant time; returns the identity it acts as, if any. */
  verifyAdmin(value: string): { identity: Identity | null } {
    const [key, actingAs] = value.split(":");
    const a = Buffer.from(key);
    const b = Buffer.from(this.adminKey);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new AuthError("The admin key is not valid for this deployment.");
    if (!actingAs) return { identity: null };
    const attrs = JSON.parse(Buffer.from(actingAs, "base64").toString("utf8")) as Record<string, unknown>;
    return { identity: actingAsIdentity(attrs) };
  }
}

/** Identity attributes as the dashboard's "act as user" sends them. */
export function actingAsIdentity(attrs: Record<string, unknown>): Identity {
  const issuer = String(attrs.issuer ?? "https://convex.test");
  const subject = String(attrs.subject ?? crypto.randomUUID());
  return { ...attrs, subject, issuer, tokenIdentifier: String(attrs.tokenIdentifier ?? `${issuer}|${subject}`) };
}
