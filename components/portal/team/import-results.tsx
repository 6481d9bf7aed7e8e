import { Badge, type BadgeProps } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type RowResult = { line: number; email: string; outcome: string; message: string };

const VARIANT: Record<string, NonNullable<BadgeProps["variant"]>> = {
  invited: "success",
  would_invite: "default",
  already_member: "secondary",
  already_invited: "secondary",
  invalid_email: "destructive",
  invalid_name: "destructive",
  invalid_role: "destructive",
  duplicate: "warning",
};

/** One line per CSV row: what happened (or will happen) to it. */
export function ImportResults({ results }: { results: RowResult[] }) {
  return (
    <Table containerClassName="max-h-72 overflow-y-auto" scrollLabel="Import results by line">
      <TableHeader className="sticky top-0 z-10 bg-card">
        <TableRow className="hover:bg-transparent">
          <TableHead className="w-16">Line</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Result</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {results.map((r) => (
          <TableRow key={r.line}>
            <TableCell className="tabular-nums text-muted-foreground">{r.line}</TableCell>
            <TableCell className="max-w-56 truncate">{r.email || <span className="text-muted-foreground">(empty)</span>}</TableCell>
            <TableCell>
              <Badge variant={VARIANT[r.outcome] ?? "secondary"}>{r.message}</Badge>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function summarize(results: RowResult[]) {
  const count = (...outcomes: string[]) => results.filter((r) => outcomes.includes(r.outcome)).length;
  return {
    invite: count("would_invite", "invited"),
    skipped: count("already_member", "already_invited", "duplicate"),
    invalid: count("invalid_email", "invalid_name", "invalid_role"),
  };
}
