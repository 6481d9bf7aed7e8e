// GET /t/[slug]/settings/export: the workspace's data as one JSON file, streamed.
// Owners and admins only (tenant.export); everyone else gets the same 404 as a missing tenant.
import { getConvexToken, getSession } from "@/lib/server/auth";
import { getEnv } from "@/lib/server/env";
import { can } from "@/lib/domain/permissions";
import { exportStream } from "@/lib/server/portal/export-stream";
import { getTenantForUser } from "@/lib/server/tenancy";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  // Route handlers are outside the layouts: check identity and tenant here too.
  if (!(await getSession())) return Response.json({ code: "UNAUTHENTICATED", message: "Sign in first." }, { status: 401 });
  const { slug } = await params;
  const tenant = await getTenantForUser(slug);
  if (!tenant) return Response.json({ code: "NOT_FOUND", message: "Not found" }, { status: 404 });
  if (!can(tenant.role, "tenant.export"))
    return Response.json({ code: "FORBIDDEN", message: "Only owners and admins can export this workspace's data." }, { status: 403 });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportStream(tenant.slug, getEnv().convex.url, getConvexToken), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${tenant.slug}-export-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
