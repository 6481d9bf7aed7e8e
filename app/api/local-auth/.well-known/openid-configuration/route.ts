// GET /api/local-auth/.well-known/openid-configuration: OIDC discovery for the local
// identity provider. Convex (cloud or convex-local) reads it to find the JWKS, exactly
// as it does for Clerk. The issuer must equal the tokens' `iss` and the `domain` in
// convex/auth.config.ts. 404 in Clerk mode.
import { connection } from "next/server";
import { localIdentityIssuer, notFoundResponse } from "../../guard";

export async function GET(): Promise<Response> {
  await connection();
  const issuer = localIdentityIssuer();
  if (!issuer) return notFoundResponse();
  return Response.json(
    {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      // Tokens are minted by the app itself; there is no interactive authorize endpoint.
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "email", "name", "platform_role"],
    },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}
