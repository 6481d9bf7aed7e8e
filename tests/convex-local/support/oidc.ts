/**
 * A tiny OpenID provider for auth tests: serves OIDC discovery and a JWKS
 * over local HTTP and signs RS256 JWTs with its key (jose).
 */
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export type TestIssuer = {
  issuer: string;
  audience: string;
  /** A token signed by this issuer; `expiresIn` may be negative for an already-expired token. */
  sign(claims: JWTPayload & { sub: string }, opts?: { expiresInSeconds?: number; audience?: string }): Promise<string>;
  /** A well-formed token with this issuer's name and kid, but signed by some other key. */
  forge(claims: JWTPayload & { sub: string }): Promise<string>;
  /** How many times discovery and the JWKS were fetched. */
  hits: { discovery: number; jwks: number };
  close(): Promise<void>;
};

export async function startTestIssuer(audience = "convex-local-test"): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const other = await generateKeyPair("RS256");
  const kid = "test-key-1";
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const hits = { discovery: 0, jwks: 0 };
  let issuer = "";
  const server = http.createServer((req, res) => {
    if (req.url === "/.well-known/openid-configuration") {
      hits.discovery += 1;
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` }));
    } else if (req.url === "/.well-known/jwks.json") {
      hits.jwks += 1;
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const build = (claims: JWTPayload, expiresInSeconds: number, aud: string) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid, typ: "JWT" })
      .setIssuer(issuer)
      .setAudience(aud)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + expiresInSeconds);
  };
  return {
    issuer,
    audience,
    hits,
    sign: (claims, opts = {}) => build(claims, opts.expiresInSeconds ?? 3600, opts.audience ?? audience).sign(privateKey),
    forge: (claims) => build(claims, 3600, audience).sign(other.privateKey),
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
