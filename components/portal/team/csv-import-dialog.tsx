"use client";

import { useConvex, useMutation } from "convex/react";
import { FileUpIcon, TriangleAlertIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Progress } from "@/components/ui/progress";
import { toast } from "@/components/ui/use-toast";
import { useTenant } from "@/components/tenant/tenant-context";
import { callError } from "../../shared/errors";
import { FormField } from "../../shared/form-field";
import { ImportResults, summarize, type RowResult } from "./import-results";
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, readImportFile, type ImportRow } from "./import-file";

const BATCH = 100;
type Phase =
  | { kind: "pick" }
  | { kind: "working"; label: string; done: number; total: number }
  | { kind: "preview"; rows: ImportRow[]; results: RowResult[] }
  | { kind: "done"; results: RowResult[]; stopped?: string };

function batches<T>(xs: T[]): T[][] {
  return Array.from({ length: Math.ceil(xs.length / BATCH) }, (_, i) => xs.slice(i * BATCH, (i + 1) * BATCH));
}

/** Bulk invitations from a CSV: check every row first (nothing written), then invite in batches with progress. */
export function CsvImportDialog({ open, onOpenChange }: { open: boolean; onOpenChange(open: boolean): void }) {
  const { slug } = useTenant();
  const convex = useConvex();
  const apply = useMutation(api.portal.invitations.csvImport.apply);
  const [phase, setPhase] = useState<Phase>({ kind: "pick" });
  const [fileError, setFileError] = useState<string | null>(null);

  async function pick(file: File | undefined) {
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES)
      return setFileError(
        `The file is ${Math.round(file.size / 1024)} KB; the limit is ${MAX_IMPORT_BYTES / 1000} KB (${MAX_IMPORT_ROWS} rows).`,
      );
    const parsed = readImportFile(await file.text());
    if ("error" in parsed) return setFileError(`Nothing was imported. ${parsed.error}`);
    // File-level duplicates are decided here so batch boundaries cannot hide them.
    const seen = new Set<string>();
    const results: RowResult[] = [];
    try {
      const chunks = batches(parsed.rows);
      for (const [i, chunk] of chunks.entries()) {
        setPhase({ kind: "working", label: "Checking rows", done: i * BATCH, total: parsed.rows.length });
        results.push(...(await convex.query(api.portal.invitations.csvImport.check, { slug, rows: chunk })));
      }
    } catch (e) {
      setPhase({ kind: "pick" });
      return setFileError(`Nothing was imported. ${callError(e).message}`);
    }
    for (const r of results) {
      const key = r.email.toLowerCase();
      if (r.outcome === "would_invite" && seen.has(key)) Object.assign(r, { outcome: "duplicate", message: "Appears earlier in the file" });
      seen.add(key);
    }
    setPhase({ kind: "preview", rows: parsed.rows.filter((_, i) => results[i].outcome === "would_invite"), results });
  }

  async function run(rows: ImportRow[], preview: RowResult[]) {
    const done = new Map<number, RowResult>();
    const chunks = batches(rows);
    for (const [i, chunk] of chunks.entries()) {
      setPhase({ kind: "working", label: "Inviting", done: i * BATCH, total: rows.length });
      try {
        for (const r of await apply({ slug, rows: chunk })) done.set(r.line, r);
      } catch (e) {
        const merged = preview.map((r) => done.get(r.line) ?? r);
        return setPhase({
          kind: "done",
          results: merged,
          stopped: `Stopped after ${done.size} of ${rows.length} invitations: ${callError(e).message} Importing the same file again is safe.`,
        });
      }
    }
    const results = preview.map((r) => done.get(r.line) ?? r);
    setPhase({ kind: "done", results });
    toast({ title: `Invited ${summarize(results).invite} ${summarize(results).invite === 1 ? "person" : "people"}`, variant: "success" });
  }

  const close = (next: boolean) => {
    if (phase.kind === "working") return;
    onOpenChange(next);
    if (!next) setPhase({ kind: "pick" });
  };
  const summary = phase.kind === "preview" || phase.kind === "done" ? summarize(phase.results) : null;

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import invitations from CSV</DialogTitle>
          <DialogDescription>
            One person per line, with the header <code className="rounded bg-muted px-1 font-mono text-xs">name,email,role</code>. Roles:
            owner, admin, member or viewer. Up to {MAX_IMPORT_ROWS} rows.
          </DialogDescription>
        </DialogHeader>
        {phase.kind === "pick" && (
          <FormField id="csv-file" label="CSV file" error={fileError} hint="Every row is checked before anyone is invited.">
            <Input
              id="csv-file"
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => void pick(e.target.files?.[0])}
              aria-invalid={Boolean(fileError)}
              aria-describedby={fileError ? "csv-file-error" : "csv-file-hint"}
            />
          </FormField>
        )}
        {phase.kind === "working" && (
          <div className="grid gap-2" role="status">
            <p className="text-sm font-medium">
              {phase.label}… {phase.done} of {phase.total}
            </p>
            <Progress value={phase.total ? (phase.done / phase.total) * 100 : 0} aria-label={phase.label} />
          </div>
        )}
        {(phase.kind === "preview" || phase.kind === "done") && summary && (
          <div className="grid gap-4">
            {phase.kind === "done" && phase.stopped && (
              <Alert variant="warning">
                <TriangleAlertIcon />
                <AlertTitle>Import interrupted</AlertTitle>
                <AlertDescription>{phase.stopped}</AlertDescription>
              </Alert>
            )}
            <p className="text-sm" aria-live="polite">
              <strong>{summary.invite}</strong> {phase.kind === "preview" ? "to invite" : "invited"} · <strong>{summary.skipped}</strong>{" "}
              skipped · <strong>{summary.invalid}</strong> invalid
            </p>
            <ImportResults results={phase.results} />
          </div>
        )}
        <DialogFooter>
          {phase.kind === "preview" ? (
            <>
              <Button variant="outline" onClick={() => setPhase({ kind: "pick" })}>
                Choose another file
              </Button>
              <Button onClick={() => void run(phase.rows, phase.results)} disabled={phase.rows.length === 0}>
                <FileUpIcon /> Invite {phase.rows.length} {phase.rows.length === 1 ? "person" : "people"}
              </Button>
            </>
          ) : (
            <Button variant="outline" onClick={() => close(false)} disabled={phase.kind === "working"}>
              {phase.kind === "done" ? "Done" : "Cancel"}
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
