import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatCents, formatDay, formatNumber } from "@/lib/domain/format";

type Line = { kind: "base" | "tokens" | "storage"; description: string; amountCents: number };
type Props = {
  preview: { fromDay: string; throughDay: string; tokens: number; includedTokens: number; lines: Line[]; totalCents: number };
};

const LABEL: Record<Line["kind"], string> = { base: "Base fee", tokens: "Token overage", storage: "Storage overage" };

/**
 * The next invoice as of now: base fee plus overage for the usage not yet invoiced.
 * Built by the same function that adds the metered lines to the real invoice.
 */
export function BillPreview({ preview }: Props) {
  return (
    <Card data-testid="bill-preview">
      <CardHeader>
        <CardDescription>Next invoice (preview)</CardDescription>
        <CardTitle className="text-xl">{formatCents(preview.totalCents)}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        <table className="w-full">
          <tbody>
            {preview.lines.map((line) => (
              <tr key={line.kind} className="border-b last:border-0">
                <th scope="row" className="py-1.5 text-left font-normal">
                  {LABEL[line.kind]}
                  {/* The invoice line's description, without the label this row already shows. */}
                  {line.kind !== "base" && (
                    <span className="block text-xs text-muted-foreground">{line.description.replace(/^[^:]+: /, "")}</span>
                  )}
                </th>
                <td className="py-1.5 text-right tabular-nums">{formatCents(line.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-muted-foreground">
          Usage {formatDay(preview.fromDay)} to {formatDay(preview.throughDay)}: {formatNumber(preview.tokens)} tokens of{" "}
          {formatNumber(preview.includedTokens)} included.
        </p>
      </CardContent>
    </Card>
  );
}
