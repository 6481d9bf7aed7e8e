"use client";

import { EmailedExports } from "./emailed-exports";
import { ExportCard } from "./export-card";

/** Taking your data out: the streamed JSON export and the emailed exports, in one bordered group. */
export function DataTools({ tables }: { tables: string[] }) {
  return (
    <div className="divide-y rounded-xl border bg-card">
      <ExportCard tables={tables} />
      <EmailedExports />
    </div>
  );
}
