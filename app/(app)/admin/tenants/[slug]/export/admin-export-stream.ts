import "server-only";
import { fetchQuery } from "convex/nextjs";
import type { FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";

/**
 * A tenant's data as a stream of JSON text for platform admins, in the same
 * format as the tenant's own export (lib/portal/export-stream.ts): read page by
 * page through adminExport:page (admin-only on every call), so memory stays
 * flat however large the tenant is; `"complete": true` marks a whole file.
 */
const PAGE = 500;
const REFRESH_TOKEN_EVERY = 20;
type Manifest = FunctionReturnType<typeof api.adminExport.start>;

export function adminExportStream(manifest: Manifest, exportedBy: string, url: string, token: () => Promise<string | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const tenantId = manifest.tenant._id;
  return new ReadableStream({
    async start(controller) {
      const write = (s: string) => controller.enqueue(encoder.encode(s));
      try {
        let auth = await token();
        if (!auth) throw new Error("signed out");
        write(`{\n"format": "tenantry-export/v1",\n"exportedAt": ${JSON.stringify(new Date().toISOString())},\n"exportedBy": ${JSON.stringify(exportedBy)},\n"tenant": ${JSON.stringify(manifest.tenant)},\n"tables": {\n`);
        const counts: Record<string, number> = {};
        let pages = 0;
        for (const [t, table] of manifest.tables.entries()) {
          write(`${t ? ",\n" : ""}  ${JSON.stringify(table)}: [\n`);
          counts[table] = 0;
          let cursor: string | null = null;
          for (;;) {
            // Tokens live five minutes; a long export asks for a fresh one as it goes.
            if (++pages % REFRESH_TOKEN_EVERY === 0) auth = (await token()) ?? auth;
            const page: { rows: unknown[]; cursor: string; isDone: boolean } = await fetchQuery(api.adminExport.page, { tenantId, table, cursor, numItems: PAGE }, { token: auth!, url });
            for (const row of page.rows) write(`${counts[table]++ ? ",\n" : ""}    ${JSON.stringify(row)}`);
            if (page.isDone) break;
            cursor = page.cursor;
          }
          write(`\n  ]`);
        }
        write(`\n},\n"counts": ${JSON.stringify(counts)},\n"complete": true\n}\n`);
        controller.close();
      } catch (error) {
        console.error(JSON.stringify({ event: "admin_export_failed", tenant: manifest.tenant.slug, error: error instanceof Error ? error.message : String(error) }));
        controller.error(error);
      }
    },
  });
}
