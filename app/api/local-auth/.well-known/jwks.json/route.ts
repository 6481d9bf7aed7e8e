// GET /api/local-auth/.well-known/jwks.json: the public half of the local identity
// provider's RS256 key (made on first run under .data/local-auth/). 404 in Clerk mode.
import { connection } from "next/server";
import { getSigningKey } from "@/lib/server/auth/local";
import { localIdentityIssuer, notFoundResponse } from "../../guard";

export async function GET(): Promise<Response> {
  await connection();
  if (!localIdentityIssuer()) return notFoundResponse();
  const { publicJwk } = await getSigningKey();
  return Response.json({ keys: [publicJwk] }, { headers: { "Cache-Control": "public, max-age=300" } });
}
