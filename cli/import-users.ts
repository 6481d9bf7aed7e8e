import fs from "node:fs";
import type { Command } from "commander";
import { parseCsv } from "../lib/domain/csv";
import { ApiError, type Client } from "./client";
import type { IO } from "./io";
import { printJson, printTable } from "./output";
import { progressBar } from "./progress";
import { examples } from "./help";

/** Rows per call (convex/admin/importUsers.ts STAFF_IMPORT_BATCH) and the CLI's file limit (the portal's is 1,000). */
const BATCH = 250;
export const MAX_ROWS = 10_000;
const CONCURRENCY = 4;

type Row = { line: number; name: string; email: string; role: string };
export type RowResult = { line: number; email: string; outcome: string; message: string };
const BAD = new Set(["invalid_email", "invalid_name", "invalid_role", "duplicate"]);

/** The portal's file rules (components/portal/team/import-file.ts), same messages; a file-level problem rejects the whole file. */
export function readImportFile(text: string): { rows: Row[] } | { error: string } {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (e) {
    return { error: (e as Error).message };
  }
  const lines = table.map((fields, i) => ({ fields, line: i + 1 })).filter(({ fields }) => fields.some((f) => f.trim() !== ""));
  if (lines.length === 0) return { error: "The file is empty. Expected a header line: name,email,role." };
  const header = lines[0].fields.map((h) => h.trim().toLowerCase());
  if (header.join(",") !== "name,email,role")
    return { error: `Line ${lines[0].line}: the header must be exactly name,email,role (found "${lines[0].fields.join(",")}").` };
  const body = lines.slice(1);
  if (body.length === 0) return { error: "The file has a header but no rows to import." };
  if (body.length > MAX_ROWS) return { error: `The file has ${body.length} rows; import at most ${MAX_ROWS} at a time.` };
  const wrong = body.find(({ fields }) => fields.length !== 3);
  if (wrong) return { error: `Line ${wrong.line}: expected 3 fields (name,email,role), found ${wrong.fields.length}.` };
  return {
    rows: body.map(({ fields: [name, email, role], line }) => ({ line, name: name.trim(), email: email.trim(), role: role.trim() })),
  };
}

const chunks = <T>(xs: T[], n: number) => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** Runs `work` over the batches, CONCURRENCY at a time, keeping their order. */
async function each<T, R>(batches: T[], work: (b: T) => Promise<R>, onDone: () => void): Promise<R[]> {
  const out: R[] = new Array(batches.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, batches.length) }, async () => {
      while (next < batches.length) {
        const i = next++;
        out[i] = await work(batches[i]);
        onDone();
      }
    }),
  );
  return out;
}

/**
 * `tenant import-users SLUG --csv FILE`: every row is checked first (the portal's rules
 * and messages); if any row is bad, nobody is invited and each row's result is printed
 * (all-or-nothing). Then the rows are invited in batches; people already members or
 * already invited are reported, not invited twice, so re-running a file is safe
 * (resumable if a batch fails part-way).
 */
export function importUsersCommand(tenant: Command, io: IO, api: Client) {
  tenant
    .command("import-users")
    .description("invite everyone in a CSV (name,email,role), all or nobody")
    .argument("<slug>")
    .requiredOption("--csv <file>", "the CSV file: a name,email,role header, one person per line")
    .option("--dry-run", "check every row and print what would happen; invite nobody")
    .option("--json", "print one JSON document")
    .addHelpText(
      "after",
      examples(["tenantry tenant import-users acme --csv users.csv", "tenantry tenant import-users acme --csv users.csv --dry-run --json"]),
    )
    .action(async (slug: string, o: { csv: string; dryRun?: boolean; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(o.csv, "utf8");
      } catch {
        throw new ApiError(0, "INVALID", `Cannot read ${o.csv}.`, "csv");
      }
      const parsed = readImportFile(text);
      if ("error" in parsed) throw new ApiError(0, "INVALID", `Nothing was imported. ${parsed.error}`, "csv");
      const path = `tenants/${encodeURIComponent(slug)}/invitations`;
      const batches = chunks(parsed.rows, BATCH);
      let done = 0;
      const checking = progressBar(io, parsed.rows.length, "Checking |{bar}| {value}/{total} rows", o.json);
      const checked = (
        await each(
          batches,
          async (rows) => ((await api("POST", `${path}/check`, { rows })) as { results: RowResult[] }).results,
          () => checking.update((done = Math.min(done + BATCH, parsed.rows.length))),
        ).finally(() => checking.stop())
      ).flat();
      // File-level duplicates are decided here, over the whole file, as the portal dialog does.
      const seen = new Set<string>();
      for (const r of checked) {
        const key = r.email.toLowerCase();
        if (r.outcome === "would_invite" && seen.has(key))
          Object.assign(r, { outcome: "duplicate", message: "Appears earlier in the file" });
        seen.add(key);
      }
      const bad = checked.filter((r) => BAD.has(r.outcome));
      if (bad.length || o.dryRun) {
        const summary = summarize(checked);
        const error = bad.length
          ? new ApiError(
              0,
              "INVALID",
              `Nothing was imported: ${bad.length} row(s) need fixing (line ${bad[0].line}: ${bad[0].message}).`,
              "csv",
              Boolean(o.json),
            )
          : null;
        if (o.json)
          printJson(io, {
            slug,
            applied: false,
            summary,
            results: checked,
            ...(error ? { error: { code: error.code, message: error.message, field: "csv" } } : {}),
          });
        else report(io, bad.length ? bad : checked, summary);
        if (error) throw error;
        return;
      }
      const toInvite = parsed.rows.filter((_, i) => checked[i].outcome === "would_invite");
      const results = new Map(checked.map((r) => [r.line, r]));
      done = 0;
      const inviting = progressBar(io, toInvite.length, "Inviting |{bar}| {value}/{total}", o.json);
      try {
        // Batches hold different people (duplicates were refused above), so they can run side by side.
        await each(
          chunks(toInvite, BATCH),
          async (rows) => {
            for (const r of ((await api("POST", `${path}/apply`, { rows })) as { results: RowResult[] }).results) results.set(r.line, r);
            done += rows.length;
          },
          () => inviting.update(done),
        );
      } catch (e) {
        inviting.stop();
        if (!(e instanceof ApiError) || done === 0) throw e;
        throw new ApiError(
          e.status,
          e.code,
          `Stopped after ${done} of ${toInvite.length} invitations: ${e.message} Importing the same file again is safe.`,
          e.field,
        );
      }
      inviting.stop();
      const all = [...results.values()];
      const summary = summarize(all);
      if (o.json) return printJson(io, { slug, applied: true, summary, results: all });
      report(
        io,
        all.filter((r) => r.outcome !== "invited"),
        summary,
      );
    });
}

function summarize(results: RowResult[]) {
  const s: Record<string, number> = {};
  for (const r of results) s[r.outcome] = (s[r.outcome] ?? 0) + 1;
  return s;
}

function report(io: IO, rows: RowResult[], summary: Record<string, number>) {
  if (rows.length)
    printTable(
      io,
      ["Line", "Email", "Result"],
      rows.slice(0, 200).map((r) => [r.line, r.email, r.message]),
    );
  if (rows.length > 200) io.stdout(`... and ${rows.length - 200} more (use --json for every row)\n`);
  io.stdout(
    `${Object.entries(summary)
      .map(([k, n]) => `${k.replace(/_/g, " ")}: ${n}`)
      .join(", ")}\n`,
  );
}
