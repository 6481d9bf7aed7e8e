// proxy.ts (Next 16's middleware): routing only. It sends signed-out visitors to sign-in,
// lets Clerk activate the organization of /t/:slug, and sets the per-request CSP.
// It is NOT the security boundary (CVE-2025-29927): layouts, pages, route handlers,
// server actions and Convex functions each check identity and tenant again.
import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextProxy, type NextRequest } from "next/server";
import { sessionFromCookieValue, SESSION_COOKIE } from "@/lib/auth/local/adapter";
import { PATH_HEADER, signInPath } from "@/lib/auth/redirect";
import { getEnv } from "@/lib/env";
import { contentSecurityPolicy, createNonce } from "@/lib/security-headers";

// /api/v1 authenticates with tenant API keys in its route handlers, not with a session.
const PUBLIC_PATHS = [/^\/sign-in(\/|$)/, /^\/api\/webhooks\//, /^\/api\/local-auth\//, /^\/api\/v1(\/|$)/];

function isPublic(request: NextRequest): boolean {
  return PUBLIC_PATHS.some((pattern) => pattern.test(request.nextUrl.pathname));
}

/** Signed out: pages go to sign-in and back; API routes answer 401 (nobody to redirect). */
function signedOut(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith("/api/")) {
    return NextResponse.json({ code: "UNAUTHENTICATED", message: "Sign in first." }, { status: 401 });
  }
  return NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url));
}

function policy(): { nonce: string; csp: string } {
  const env = getEnv();
  const nonce = createNonce();
  const csp = contentSecurityPolicy({
    nonce,
    development: env.nodeEnv === "development",
    convexUrl: env.convex.url,
    clerkFrontendApi: env.identity.kind === "clerk" ? env.identity.frontendApi : undefined,
    https: env.appUrl.startsWith("https://"),
  });
  return { nonce, csp };
}

/**
 * Continue to the app with the CSP on the request too: Next and Clerk read the nonce from
 * the request's CSP header and stamp it on their scripts. The path is for requireSession.
 */
function proceed(request: NextRequest): NextResponse {
  const { nonce, csp } = policy();
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", nonce);
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

async function localProxy(request: NextRequest): Promise<NextResponse> {
  if (isPublic(request)) return proceed(request);
  // Verifies signature, expiry and the server-side session store, so a signed-out cookie
  // is turned away here already; the layouts still check again.
  const session = await sessionFromCookieValue(request.cookies.get(SESSION_COOKIE)?.value);
  return session ? proceed(request) : signedOut(request);
}

function createClerkProxy(): NextProxy {
  const env = getEnv();
  if (env.identity.kind !== "clerk") throw new Error("unreachable: Clerk proxy without Clerk keys");
  return clerkMiddleware(
    async (auth, request) => {
      if (isPublic(request)) return proceed(request);
      const { userId } = await auth();
      return userId ? proceed(request) : signedOut(request);
    },
    {
      publishableKey: env.identity.publishableKey,
      secretKey: env.identity.secretKey,
      signInUrl: "/sign-in",
      // /t/:slug activates that Clerk organization, so the `convex` token's org claims match the URL.
      organizationSyncOptions: { organizationPatterns: ["/t/:slug", "/t/:slug/(.*)"] },
    },
  );
}

let clerkProxy: NextProxy | undefined;

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  let response: Response | null | undefined;
  if (getEnv().identity.kind === "local") {
    response = await localProxy(request);
  } else {
    clerkProxy ??= createClerkProxy();
    response = (await clerkProxy(request, event)) ?? undefined;
  }
  // Redirects and errors (ours or Clerk's handshake) get a policy too: every response has one.
  if (response && !response.headers.has("Content-Security-Policy")) {
    response.headers.set("Content-Security-Policy", policy().csp);
  }
  return response;
}

export const config = {
  // Everything except built assets and icons (next.config.ts gives those their headers).
  // /api/v1 (agent runtimes, API keys) is skipped too: no session, no CSP nonce for JSON, one less hop per call.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1/).*)"],
};
