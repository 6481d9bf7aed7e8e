import type { NextConfig } from "next";
import { ASSET_CSP, staticSecurityHeaders } from "./lib/server/security-headers";

/**
 * Security headers are split by where they can be computed (see lib/server/security-headers.ts):
 * the fixed ones go on every response from here, including files proxy.ts skips; the
 * Content-Security-Policy needs a fresh nonce per request, so proxy.ts sets it, and only
 * the assets the proxy never sees get a fixed script-free CSP from here.
 */
const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Lets parallel builds (e.g. several e2e runs on one machine) use separate output dirs.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // `next build` checks only what the app ships; `npm run typecheck` checks the whole repo
  // (tests, scripts, convex-local) with tsconfig.json.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  async headers() {
    const production = process.env.NODE_ENV === "production";
    return [
      { source: "/:path*", headers: staticSecurityHeaders(production) },
      ...["/_next/static/:path*", "/_next/image", "/favicon.ico", "/icon.svg"].map((source) => ({
        source,
        headers: [{ key: "Content-Security-Policy", value: ASSET_CSP }],
      })),
    ];
  },
};

export default nextConfig;
