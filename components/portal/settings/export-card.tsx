"use client";

import { DownloadIcon } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { toast } from "@/components/ui/use-toast";
import { useTenant } from "@/components/tenant/tenant-context";
import { formatNumber } from "@/lib/domain/format";

type State =
  { kind: "idle" } | { kind: "running"; table: string | null; tablesDone: number; rows: number } | { kind: "failed"; message: string };

/**
 * Downloads the streamed export (/t/[slug]/settings/export) while counting what arrives:
 * the server writes one row per line and a line per table, so progress is exact without
 * parsing the JSON. The file is only offered once its closing `"complete": true` arrived.
 */
export function ExportCard({ tables }: { tables: string[] }) {
  const { slug } = useTenant();
  const [state, setState] = useState<State>({ kind: "idle" });

  async function run() {
    setState({ kind: "running", table: null, tablesDone: 0, rows: 0 });
    try {
      const response = await fetch(`/t/${slug}/settings/export`, { cache: "no-store" });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new Error(body?.message ?? `The export failed (HTTP ${response.status}).`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parts: string[] = [];
      let pending = "";
      let table: string | null = null;
      let tablesDone = 0;
      let rows = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        const lines = (pending + value).split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          const start = /^ {2}"(\w+)": \[$/.exec(line);
          if (start) {
            if (table) tablesDone++;
            table = start[1];
          } else if (line.startsWith("    {")) rows++;
        }
        setState({ kind: "running", table, tablesDone, rows });
      }
      const text = parts.join("");
      if (!/"complete": true\s*}\s*$/.test(text)) throw new Error("The export stopped before the end. Nothing was saved; try again.");
      const url = URL.createObjectURL(new Blob(parts, { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${slug}-export-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setState({ kind: "idle" });
      toast({ title: "Export ready", description: `${formatNumber(rows)} rows from ${tables.length} tables.`, variant: "success" });
    } catch (error) {
      setState({ kind: "failed", message: error instanceof Error ? error.message : "The export failed." });
    }
  }

  const running = state.kind === "running";
  return (
    <div className="flex flex-wrap items-start justify-between gap-4 p-5">
      <div className="max-w-xl space-y-1">
        <h3 className="font-medium">Export all data</h3>
        <p className="text-sm text-muted-foreground">
          A JSON file with every record this workspace owns: members, invitations, departments, agents, usage, conversations and the audit
          trail.
        </p>
        {running && (
          <div className="grid gap-1.5 pt-3" role="status">
            <Progress value={(state.tablesDone / Math.max(1, tables.length)) * 100} aria-label="Export progress" />
            <p className="text-xs text-muted-foreground tabular-nums">
              {state.table ? `Reading ${state.table}` : "Starting"} · {formatNumber(state.rows)} rows · table{" "}
              {Math.min(state.tablesDone + 1, tables.length)} of {tables.length}
            </p>
          </div>
        )}
        {state.kind === "failed" && <p className="pt-2 text-sm text-destructive">{state.message}</p>}
      </div>
      <Button variant="outline" onClick={() => void run()} disabled={running}>
        <DownloadIcon /> {running ? "Exporting…" : "Export JSON"}
      </Button>
    </div>
  );
}
