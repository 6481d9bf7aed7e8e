import "server-only";
import { headers } from "next/headers";
import { api } from "@/convex/_generated/api";
import { PATH_HEADER, safeRedirectPath } from "@/lib/server/auth";
import { fetchAsOrNull } from "./convex";

/**
 * Where a /t/<slug> URL should go when the slug is not a tenant the caller can
 * open: the tenant's new URL after a rename (members only), or the restore page
 * for a workspace the caller owns and deleted. Null means "answer 404".
 */
export async function movedTo(slug: string): Promise<string | null> {
  const redirect = await fetchAsOrNull(api.portal.settings.resolveRedirect, { slug });
  if (redirect) {
    const path = safeRedirectPath((await headers()).get(PATH_HEADER), `/t/${slug}`);
    const prefix = `/t/${slug}`;
    const rest = path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`) ? path.slice(prefix.length) : "";
    return `/t/${redirect.slug}${rest}`;
  }
  const deleted = await fetchAsOrNull(api.portal.lifecycle.deletedForMe, {});
  return deleted?.some((t) => t.slug === slug) ? `/restore?slug=${encodeURIComponent(slug)}` : null;
}
