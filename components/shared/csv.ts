/**
 * CSV in and out for the browser: the reader and writer are lib/domain/csv.ts
 * (shared with the server and the CLI); saving a file is the browser's part.
 */
export { parseCsv, toCsv } from "@/lib/domain/csv";

/** Saves text as a file in the browser. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
