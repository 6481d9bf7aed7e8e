// GET /admin/tenants/[slug]/export: a tenant's data as one JSON file, streamed (platform admins).
// Route handlers are outside the admin layout: identity and role are checked here, and again by
// Convex (admin/export:start audits and refuses support; every page re-checks admin).
import { api } from "@/convex/_generated/api";
import { getConvexToken, getSession, isStaff } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { appErrorOf } from "@/lib/server/convex/errors";
import { getEnv } from "@/lib/server/env";
import { errorResponse, unexpectedError } from "@/lib/server/errors";
import { adminExportStream } from "./admin-export-stream";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  const session = await getSession();
  if (!session) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  // Non-staff get the same 404 as any unknown URL: the admin area does not announce itself.
  if (!isStaff(session)) return errorResponse({ code: "NOT_FOUND", message: "Not found" });
  const { slug } = await params;
  const url = getEnv().convex.url;
  let manifest;
  try {
    manifest = await asUser(session.token, url).mutation(api.admin.export.start, { slug });
  } catch (error) {
    const known = appErrorOf(error);
    return known ? errorResponse(known) : unexpectedError(error, "admin export");
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(adminExportStream(manifest, session.email, url, getConvexToken), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${manifest.tenant.slug}-export-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
