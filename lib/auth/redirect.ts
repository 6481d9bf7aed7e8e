/**
 * Where to send someone after sign-in. Only same-origin relative paths are accepted, so a
 * crafted `?redirect_url=https://evil.example` (or `//evil.example`, `/\evil.example`)
 * cannot turn the sign-in page into an open redirect. Pure: used by proxy, pages and actions.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, "http://tenantry.invalid");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://tenantry.invalid") return fallback;
  // Landing back on sign-in (or an API route) after signing in would be a loop or a blank page.
  if (url.pathname === "/sign-in" || url.pathname.startsWith("/sign-in/") || url.pathname.startsWith("/api/")) {
    return fallback;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/sign-in?redirect_url=<path>`, omitting the parameter when it would just be `/`. */
export function signInPath(returnTo?: string | null): string {
  const target = safeRedirectPath(returnTo ?? "/");
  return target === "/" ? "/sign-in" : `/sign-in?redirect_url=${encodeURIComponent(target)}`;
}

/** Request header proxy.ts sets to the path being served, for the sign-in round trip. */
export const PATH_HEADER = "x-tenantry-path";
