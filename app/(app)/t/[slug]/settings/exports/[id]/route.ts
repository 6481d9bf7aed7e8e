// GET /t/[slug]/settings/exports/[id]: downloads an export built in the background (convex/portal/dataExports.ts),
// the link of the "export ready" email. Owners and admins of this workspace only, while the export is valid (7 days).
import { getConvexToken } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { errorResponse, unexpectedError } from "@/lib/server/errors";
import { appErrorOf } from "@/lib/server/convex/errors";
import { api } from "@/convex/_generated/api";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }): Promise<Response> {
  // Route handlers are outside the layouts: the signed-in person is checked here, and tenant and
  // permission by the Convex query, on every download (a link forwarded to someone else gets 404).
  const token = await getConvexToken();
  if (!token) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  const { slug, id } = await params;
  let file: { url: string; filename: string };
  try {
    file = await asUser(token).query(api.portal.dataExports.download, { slug, id });
  } catch (error) {
    const known = appErrorOf(error);
    // An expired link is gone for good: 410 tells the browser and scripts not to retry.
    if (known?.code === "CONFLICT" && /expired/.test(known.message)) return errorResponse(known, { status: 410 });
    return unexpectedError(error, "GET /t/[slug]/settings/exports/[id]");
  }
  const stored = await fetch(file.url, { cache: "no-store" });
  if (!stored.ok || !stored.body) return unexpectedError(new Error(`export file answered HTTP ${stored.status}`), "export download");
  return new Response(stored.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      ...(stored.headers.get("content-length") ? { "Content-Length": stored.headers.get("content-length")! } : {}),
    },
  });
}
