import "server-only";
import { fetchQuery } from "convex/nextjs";
import { api } from "@/convex/_generated/api";

/**
 * The tenant export as a stream of JSON text: every tenant-owned table read
 * page by page through the tenant door (exports:page checks tenant.export on
 * every call), so memory stays flat however large the tenant is. One row per
 * line, a `"<table>": [` line per table and a final `"complete": true`, which
 * lets the browser show progress and tell a finished file from a cut one.
 */
const PAGE = 500;
const REFRESH_TOKEN_EVERY = 20;

export function exportStream(slug: string, url: string, token: () => Promise<string | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      const write = (s: string) => controller.enqueue(encoder.encode(s));
      try {
        let auth = await token();
        if (!auth) throw new Error("signed out");
        const manifest = await fetchQuery(api.exports.manifest, { slug }, { token: auth, url });
        write(`{\n"format": "tenantry-export/v1",\n"exportedAt": ${JSON.stringify(new Date().toISOString())},\n"tenant": ${JSON.stringify(manifest.tenant)},\n"tables": {\n`);
        const counts: Record<string, number> = {};
        let pages = 0;
        for (const [t, table] of manifest.tables.entries()) {
          write(`${t ? ",\n" : ""}  ${JSON.stringify(table)}: [\n`);
          counts[table] = 0;
          let cursor: string | null = null;
          for (;;) {
            // Tokens live five minutes; a long export asks for a fresh one as it goes.
            if (++pages % REFRESH_TOKEN_EVERY === 0) auth = (await token()) ?? auth;
            const page: { rows: unknown[]; cursor: string; isDone: boolean } = await fetchQuery(api.exports.page, { slug, table, cursor, numItems: PAGE }, { token: auth!, url });
            for (const row of page.rows) write(`${counts[table]++ ? ",\n" : ""}    ${JSON.stringify(row)}`);
            if (page.isDone) break;
            cursor = page.cursor;
          }
          write(`\n  ]`);
        }
        write(`\n},\n"counts": ${JSON.stringify(counts)},\n"complete": true\n}\n`);
        controller.close();
      } catch (error) {
        console.error(JSON.stringify({ event: "tenant_export_failed", slug, error: error instanceof Error ? error.message : String(error) }));
        controller.error(error);
      }
    },
  });
}
