/**
 * Reading a bulk-invite CSV (name,email,role). File-level problems reject the
 * whole file before anything is sent: nothing is half-done on a bad file.
 * Row-level problems (a bad email or role) are not file problems: those rows
 * get their own result and the rest are invited.
 */
import { parseCsv } from "../../shared/csv";

export const MAX_IMPORT_ROWS = 1000;
export const MAX_IMPORT_BYTES = 1_000_000;
export type ImportRow = { line: number; name: string; email: string; role: string };

export function readImportFile(text: string): { rows: ImportRow[] } | { error: string } {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (e) {
    return { error: (e as Error).message };
  }
  // Blank lines (a trailing newline, spacing) are not rows.
  const lines = table.map((fields, i) => ({ fields, line: i + 1 })).filter(({ fields }) => fields.some((f) => f.trim() !== ""));
  if (lines.length === 0) return { error: "The file is empty. Expected a header line: name,email,role." };
  const header = lines[0].fields.map((h) => h.trim().toLowerCase());
  if (header.join(",") !== "name,email,role") {
    return { error: `Line ${lines[0].line}: the header must be exactly name,email,role (found "${lines[0].fields.join(",")}").` };
  }
  const body = lines.slice(1);
  if (body.length === 0) return { error: "The file has a header but no rows to import." };
  if (body.length > MAX_IMPORT_ROWS) return { error: `The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.` };
  const wrong = body.find(({ fields }) => fields.length !== 3);
  if (wrong) return { error: `Line ${wrong.line}: expected 3 fields (name,email,role), found ${wrong.fields.length}.` };
  return {
    rows: body.map(({ fields: [name, email, role], line }) => ({ line, name: name.trim(), email: email.trim(), role: role.trim() })),
  };
}
