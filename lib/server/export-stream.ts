import "server-only";

/**
 * A tenant's data as a stream of JSON text, shared by the tenant's own export
 * and the admin console's: tables are read page by page through a Convex
 * function that re-checks access on every call, so memory stays flat however
 * large the tenant is. One row per line, a `"<table>": [` line per table and a
 * final `"complete": true`, which lets the browser show progress and tell a
 * finished file from a cut one.
 */
const PAGE = 500;
const REFRESH_TOKEN_EVERY = 20;

export type ExportPage = { rows: unknown[]; cursor: string; isDone: boolean };
export type ExportSource = {
  manifest(token: string): Promise<{ tenant: unknown; tables: string[] }>;
  page(token: string, table: string, cursor: string | null, numItems: number): Promise<ExportPage>;
  /** Extra header fields written after `exportedAt` (e.g. who exported it). */
  header?: Record<string, unknown>;
  /** Identifies the export in the failure log line. */
  logFields: Record<string, unknown>;
};

export function tenantExportStream(source: ExportSource, token: () => Promise<string | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async start(controller) {
      const write = (s: string) => controller.enqueue(encoder.encode(s));
      try {
        let auth = await token();
        if (!auth) throw new Error("signed out");
        const manifest = await source.manifest(auth);
        const header = { format: "tenantry-export/v1", exportedAt: new Date().toISOString(), ...source.header, tenant: manifest.tenant };
        write(
          `{\n${Object.entries(header)
            .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
            .join(",\n")},\n"tables": {\n`,
        );
        const counts: Record<string, number> = {};
        let pages = 0;
        for (const [t, table] of manifest.tables.entries()) {
          write(`${t ? ",\n" : ""}  ${JSON.stringify(table)}: [\n`);
          counts[table] = 0;
          let cursor: string | null = null;
          for (;;) {
            // Tokens live five minutes; a long export asks for a fresh one as it goes.
            if (++pages % REFRESH_TOKEN_EVERY === 0) auth = (await token()) ?? auth;
            const page: ExportPage = await source.page(auth!, table, cursor, PAGE);
            for (const row of page.rows) write(`${counts[table]++ ? ",\n" : ""}    ${JSON.stringify(row)}`);
            if (page.isDone) break;
            cursor = page.cursor;
          }
          write(`\n  ]`);
        }
        write(`\n},\n"counts": ${JSON.stringify(counts)},\n"complete": true\n}\n`);
        controller.close();
      } catch (error) {
        console.error(
          JSON.stringify({ event: "export_failed", ...source.logFields, error: error instanceof Error ? error.message : String(error) }),
        );
        controller.error(error);
      }
    },
  });
}
