// proxy.ts (Next 16's middleware): routing only. It sends signed-out visitors to sign-in,
// lets Clerk activate the organization of /t/:slug, sets the per-request CSP, and turns away
// paths that cannot be percent-decoded before Next's own param decoding fails on them.
// It is NOT the security boundary (CVE-2025-29927): layouts, pages, route handlers,
// server actions and Convex functions each check identity and tenant again.
import { clerkMiddleware } from "@clerk/nextjs/server";
import { NextResponse, type NextFetchEvent, type NextProxy, type NextRequest } from "next/server";
import { sessionFromCookieValue, SESSION_COOKIE } from "@/lib/server/auth/local";
import { PATH_HEADER, signInPath } from "@/lib/server/auth/redirect";
import { getEnv } from "@/lib/server/env";
import { badRequest } from "@/lib/server/errors";
import { contentSecurityPolicy, createNonce } from "@/lib/server/security-headers";

// /api/v1 and /api/mcp authenticate with tenant API keys in their route handlers, and /api/admin/v1 (the CLI's
// admin API) with the operator's bearer token, which Convex verifies on every call: no session cookie.
const PUBLIC_PATHS = [
  /^\/sign-in(\/|$)/,
  /^\/api\/webhooks\//,
  /^\/api\/local-auth\//,
  /^\/api\/v1(\/|$)/,
  /^\/api\/mcp$/,
  /^\/api\/admin\/v1(\/|$)/,
];

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

/** The CSP and nonce on the request too: Next and Clerk read the nonce from it for their scripts. */
function withPolicy(request: NextRequest): { headers: Headers; csp: string } {
  const { nonce, csp } = policy();
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set("x-nonce", nonce);
  return { headers, csp };
}

/** Continue to the app (with the policy); the path header is for requireSession's round trip. */
function proceed(request: NextRequest): NextResponse {
  const { headers, csp } = withPolicy(request);
  headers.set(PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * `/t/%FF` cannot be decoded, and Next answers that from its param decoding with a
 * plain-text 500 before any page or route runs. Such a path names nothing: pages get the
 * one not-found page (a rewrite to a path no route matches, so Next renders it with 404),
 * API routes their JSON 400.
 */
function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

const NO_ROUTE = "/_tenantry/not-found";

function undecodable(request: NextRequest): NextResponse {
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return badRequest("The URL path is not valid percent-encoded UTF-8.", "path");
  }
  const { headers, csp } = withPolicy(request);
  const response = NextResponse.rewrite(new URL(NO_ROUTE, request.url), { request: { headers } });
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
  if (!isDecodablePath(request.nextUrl.pathname)) {
    response = undecodable(request);
  } else if (request.nextUrl.pathname.startsWith("/api/v1/")) {
    // Matched only for undecodable paths (see config); nothing else to do for the runtime API.
    return NextResponse.next();
  } else if (getEnv().identity.kind === "local") {
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
  // Except paths with a `%`, which may be undecodable: those come here for their JSON 400.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1/).*)", "/api/v1/(.*%.*)"],
};
