import fs from "node:fs";
import { once } from "node:events";
import type { Command } from "commander";
import { ApiError, type Client } from "./client";
import type { IO } from "./io";
import { printJson } from "./output";
import { progressBar } from "./progress";
import { examples } from "./help";

/** Rows per request (the admin export's largest page, convex/admin/export.ts). */
const PAGE = 2000;

type Manifest = { tenant: { _id: string; slug: string } & Record<string, unknown>; tables: string[] };
type Page = { rows: unknown[]; cursor: string; isDone: boolean };

/** A file written in order, waiting when the disk is slower than the API so memory stays flat. */
function fileWriter(path: string) {
  const out = fs.createWriteStream(path, { encoding: "utf8", mode: 0o600 });
  return {
    async write(text: string) {
      if (!out.write(text)) await once(out, "drain");
    },
    async close() {
      out.end();
      await once(out, "finish");
    },
    abort: () => out.destroy(),
  };
}

/**
 * `tenant export SLUG --format json --output FILE`: everything the GDPR export holds
 * (every tenant table and the tenant's audit log; secrets redacted), read one page
 * per request and written as it arrives, in the console's file format
 * (`tenantry-export/v1`, one row per line, `"complete": true` at the end), with the
 * next page fetched while the current one is written.
 */
export function exportCommand(tenant: Command, io: IO, api: Client) {
  tenant
    .command("export")
    .description("export all of a tenant's data (the GDPR export) to a JSON file")
    .argument("<slug>")
    .requiredOption("--output <file>", "where to write it (created with mode 0600)")
    .option("--format <format>", "json (the only format)", "json")
    .option("--json", "print a JSON summary (rows per table) instead of text")
    .addHelpText("after", examples(["tenantry tenant export acme --format json --output acme.json"]))
    .action(async (slug: string, o: { output: string; format: string; json?: boolean }) => {
      if (o.format !== "json") throw new ApiError(0, "INVALID", `Unknown format "${o.format}": use json.`, "format");
      const summary = await exportTenant(io, api, slug, o.output, Boolean(o.json));
      if (o.json) return printJson(io, summary);
      io.stdout(`Exported ${summary.rows.toLocaleString("en-US")} rows of ${slug} to ${o.output}.\n`);
    });
}

export async function exportTenant(io: IO, api: Client, slug: string, output: string, json: boolean) {
  const base = `tenants/${encodeURIComponent(slug)}/export`;
  const manifest = (await api("POST", base)) as Manifest;
  const out = fileWriter(output);
  const bar = progressBar(io, manifest.tables.length, "Exporting |{bar}| {value}/{total} tables | {rows} rows | {table}", json);
  const counts: Record<string, number> = {};
  let rows = 0;
  const started = Date.now();
  try {
    const header = {
      format: "tenantry-export/v1",
      exportedAt: new Date().toISOString(),
      exportedBy: "tenantry CLI",
      tenant: manifest.tenant,
    };
    await out.write(
      `{\n${Object.entries(header)
        .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(",\n")},\n"tables": {\n`,
    );
    for (const [t, table] of manifest.tables.entries()) {
      bar.update(t, { rows, table });
      await out.write(`${t ? ",\n" : ""}  ${JSON.stringify(table)}: [\n`);
      counts[table] = 0;
      const fetchPage = (cursor: string | null) =>
        api(
          "GET",
          `${base}/${encodeURIComponent(table)}?tenantId=${encodeURIComponent(manifest.tenant._id)}&limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        ) as Promise<Page>;
      let next = fetchPage(null);
      for (;;) {
        const page = await next;
        // Ask for the next page before writing this one: the API and the disk work side by side.
        if (!page.isDone) next = fetchPage(page.cursor);
        let chunk = "";
        for (const row of page.rows) chunk += `${counts[table]++ ? ",\n" : ""}    ${JSON.stringify(row)}`;
        await out.write(chunk);
        rows += page.rows.length;
        bar.update(t, { rows, table });
        if (page.isDone) break;
      }
      await out.write(`\n  ]`);
    }
    await out.write(`\n},\n"counts": ${JSON.stringify(counts)},\n"complete": true\n}\n`);
    await out.close();
  } catch (error) {
    // A cut file would look like an export: remove it (a finished one ends with "complete": true).
    out.abort();
    fs.rmSync(output, { force: true });
    throw error;
  } finally {
    bar.update(manifest.tables.length, { rows, table: "done" });
    bar.stop();
  }
  return { slug, output, rows, counts, seconds: (Date.now() - started) / 1000 };
}
