/**
 * One CSV line (RFC 4180): fields with a comma, quote or line break are quoted.
 * A leading =, +, - or @ is prefixed with ' so a spreadsheet never runs a cell
 * as a formula (actor emails and targets come from outside).
 */
export function csvLine(fields: string[]): string {
  return `${fields.map(csvField).join(",")}\r\n`;
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
