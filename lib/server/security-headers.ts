/**
 * Security headers. Split in two because they have different lifetimes:
 * - STATIC ones (nosniff, referrer, framing, HSTS) never vary, so next.config.ts sends
 *   them on every response, static files included, even where proxy.ts does not run;
 * - the Content-Security-Policy carries a per-request nonce (`'strict-dynamic'`, no
 *   `'unsafe-inline'` scripts), which only proxy.ts can make. Next and Clerk read the nonce
 *   from the request's CSP header and stamp it on their scripts themselves.
 * No `server-only` and relative imports only: next.config.ts imports this file.
 */
export type Header = { key: string; value: string };

export function staticSecurityHeaders(production: boolean): Header[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // Legacy twin of CSP frame-ancestors 'none' for browsers that predate it.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    // allow-popups: Clerk can sign in through OAuth popups.
    { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
    // Only in production: HSTS on a dev hostname would pin it to https for two years. No
    // `preload`: joining the browsers' preload list is an operator's decision, not a default.
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}

/** For responses proxy.ts never sees (built assets, icons): they need no scripts at all. */
export const ASSET_CSP = "default-src 'none'; frame-ancestors 'none'";

export type CspInput = {
  nonce: string;
  /** Next's dev runtime needs eval (React rebuilds server stacks in the browser). */
  development: boolean;
  /** Convex deployment or convex-local: the browser's live-query client talks to it. */
  convexUrl: string;
  /** Clerk's Frontend API host (clerk mode only), decoded from the publishable key. */
  clerkFrontendApi?: string;
  /** Add upgrade-insecure-requests (only when served over https). */
  https: boolean;
};

export function contentSecurityPolicy(input: CspInput): string {
  const convex = new URL(input.convexUrl);
  const convexWs = `${convex.protocol === "https:" ? "wss:" : "ws:"}//${convex.host}`;
  // Clerk's documented CSP: its Frontend API, Turnstile bot protection, avatar images, telemetry.
  const clerk = input.clerkFrontendApi ? `https://${input.clerkFrontendApi}` : null;
  const directives: Record<string, (string | null | false)[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      `'nonce-${input.nonce}'`,
      "'strict-dynamic'",
      input.development && "'unsafe-eval'",
      // Ignored by browsers that understand 'strict-dynamic'; a fallback for older ones.
      clerk,
      clerk && "https://challenges.cloudflare.com",
    ],
    // Inline style attributes (Radix positioning, Clerk's components) cannot carry a nonce.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", clerk && "https://img.clerk.com"],
    "font-src": ["'self'", "data:"],
    "connect-src": [
      "'self'",
      convex.origin,
      convexWs,
      clerk,
      clerk && "https://clerk-telemetry.com",
      clerk && "https://*.clerk-telemetry.com",
    ],
    "frame-src": ["'self'", clerk && "https://challenges.cloudflare.com"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const parts = Object.entries(directives).map(([name, values]) => [name, ...values.filter(Boolean)].join(" "));
  if (input.https) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** 128 random bits, base64: unguessable per response. Web Crypto, so any runtime works. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
