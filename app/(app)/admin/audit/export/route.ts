// GET /admin/audit/export?tenant=&actor=&action=&from=&to=: the filtered audit log as CSV (platform staff).
// Route handlers are outside the admin layout: identity and staff role are checked here and by Convex.
import { api } from "@/convex/_generated/api";
import { auditArgs, parseAuditFilters } from "@/components/admin/logs/audit-filters";
import { getConvexToken, getSession, isStaff } from "@/lib/server/auth";
import { asUser } from "@/lib/server/convex/gateway";
import { appErrorOf } from "@/lib/server/convex/errors";
import { getEnv } from "@/lib/server/env";
import { errorResponse, unexpectedError } from "@/lib/server/errors";
import { csvLine } from "./csv";

export const dynamic = "force-dynamic";
const PAGE = 500;
/** Rows per file: beyond this, narrow the filters (the last line says so). */
const MAX_ROWS = 50_000;
/** `count` and `last_at`: repeated denials fold into one entry (convex/lib/audit.ts auditDenied). */
const HEADER = ["at", "tenant", "actor", "action", "target", "before", "after", "count", "last_at"];

export async function GET(request: Request): Promise<Response> {
  const session = await getSession();
  if (!session) return errorResponse({ code: "UNAUTHENTICATED", message: "Sign in first." });
  if (!isStaff(session)) return errorResponse({ code: "NOT_FOUND", message: "Not found" });
  const params = new URL(request.url).searchParams;
  const { after: _ignored, ...filters } = parseAuditFilters(params);
  const url = getEnv().convex.url;
  const args = auditArgs(filters);
  // The first page is read before answering, so a refused filter is a clear 4xx, not a broken file.
  let first;
  try {
    first = await asUser(session.token, url).query(api.admin.audit.list, { ...args, pageSize: PAGE, cursor: null });
  } catch (error) {
    const known = appErrorOf(error);
    return known ? errorResponse(known) : unexpectedError(error, "audit export");
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (line: string) => controller.enqueue(encoder.encode(line));
      try {
        write(csvLine(HEADER));
        let page = first;
        let rows = 0;
        for (;;) {
          for (const e of page.rows) {
            write(
              csvLine([
                new Date(e.at).toISOString(),
                e.tenantSlug ?? "",
                e.actorEmail,
                e.action,
                e.target ?? "",
                e.before === null ? "" : JSON.stringify(e.before),
                e.after === null ? "" : JSON.stringify(e.after),
                String(e.count),
                new Date(e.lastAt).toISOString(),
              ]),
            );
            rows++;
          }
          if (!page.cursor) break;
          if (rows >= MAX_ROWS) {
            write(csvLine([`# truncated at ${MAX_ROWS} rows: narrow the filters to export the rest`]));
            break;
          }
          const token = (await getConvexToken()) ?? session.token;
          page = await asUser(token, url).query(api.admin.audit.list, { ...args, pageSize: PAGE, cursor: page.cursor });
        }
        controller.close();
      } catch (error) {
        console.error(JSON.stringify({ event: "audit_export_failed", error: error instanceof Error ? error.message : String(error) }));
        controller.error(error);
      }
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
