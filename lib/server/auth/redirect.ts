const ORIGIN = "http://tenantry.invalid";

/**
 * Where to send someone after sign-in. Only same-origin paths are accepted, so a crafted
 * `?redirect_url=https://evil.example` cannot turn the sign-in page into an open redirect.
 * The value is normalized first (resolved against the app's origin, as a browser would) and
 * only then checked: `/..//evil.example` and `/%2e%2e//evil.example` resolve to the path
 * `//evil.example`, which a browser reads as another host. Pure: used by proxy, pages and actions.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  // Browsers drop tabs and newlines inside URLs and treat `\` as `/`: refuse rather than guess.
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  const url = parse(value);
  if (!url || url.origin !== ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A normalized path that starts with `//` (or `/\`) is protocol-relative once it is a Location.
  if (!isPlainPath(path)) return fallback;
  // Landing back on sign-in (or an API route) after signing in would be a loop or a blank page.
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/") || url.pathname.startsWith("/api/")) {
    return fallback;
  }
  return path;
}

function parse(value: string): URL | null {
  try {
    return new URL(value, ORIGIN);
  } catch {
    return null;
  }
}

/** One leading slash, and the result resolves to itself on our origin (a fixed point). */
function isPlainPath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  const again = parse(path);
  return again !== null && again.origin === ORIGIN && `${again.pathname}${again.search}${again.hash}` === path;
}

/** `/sign-in?redirect_url=<path>`, omitting the parameter when it would just be `/`. */
export function signInPath(returnTo?: string | null): string {
  const target = safeRedirectPath(returnTo ?? "/");
  return target === "/" ? "/sign-in" : `/sign-in?redirect_url=${encodeURIComponent(target)}`;
}

/** Request header proxy.ts sets to the path being served, for the sign-in round trip. */
export const PATH_HEADER = "x-tenantry-path";
