import "server-only";
import { headers } from "next/headers";
import { after } from "next/server";
import { api } from "@/convex/_generated/api";
import { getSession, PATH_HEADER } from "@/lib/server/auth";
import { systemConvex } from "@/lib/server/convex/gateway";
import { getEnv } from "@/lib/server/env";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Records a refused tenant page (not a member, or no such tenant) in the audit log, for staff.
 * Convex queries cannot write, so the tenant layout calls this when getTenantForUser returns
 * null. Cheap: the write runs after the 404 is sent (next/server `after`), and only for
 * well-formed slugs, so probes for /t/favicon.ico-like paths leave nothing. Repeats by the
 * same person on the same slug within ten minutes raise one entry's count (convex/lib/audit.ts
 * `auditDenied`), so a refresh loop cannot flood the log.
 */
export async function recordDeniedPage(slug: string): Promise<void> {
  const secret = getEnv().systemSecret;
  if (!secret || !SLUG.test(slug) || slug.length > 64) return;
  const [session, requestHeaders] = await Promise.all([getSession(), headers()]);
  const path = (requestHeaders.get(PATH_HEADER) ?? `/t/${slug}`).slice(0, 300);
  after(async () => {
    try {
      await systemConvex(getEnv().convex.url, secret).mutation(api.admin.audit.recordDenied, {
        slug,
        path,
        subject: session?.userId ?? null,
        email: session?.email ?? null,
      });
    } catch (error) {
      console.warn(
        JSON.stringify({ event: "denied_attempt_not_recorded", slug, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  });
}
