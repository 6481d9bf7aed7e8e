import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PlanBadge } from "@/components/tenant/tenant-badges";
import { formatMicros, formatNumber, formatTokens } from "@/lib/domain/format";

type Brief = FunctionReturnType<typeof api.admin.overview.get>["topByCost"][number];

/** A ranked list of tenants (top by cost, top by usage) with the figure it is ranked by. */
export function TopTenants({
  title,
  description,
  tenants,
  figure,
}: {
  title: string;
  description: string;
  tenants: Brief[];
  figure: "cost" | "tokens";
}) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>
        {tenants.length === 0 ? (
          <p className="text-sm text-muted-foreground">No usage recorded this month yet.</p>
        ) : (
          <ol className="space-y-2.5">
            {tenants.map((t, i) => (
              <li key={t.tenantId} className="flex items-center gap-3 text-sm">
                <span className="w-4 text-right text-muted-foreground tabular-nums">{i + 1}</span>
                <Link href={`/admin/tenants/${t.slug}`} className="min-w-0 flex-1 truncate font-medium hover:underline">
                  {t.name}
                </Link>
                <PlanBadge plan={t.plan} />
                <span className="hidden w-20 shrink-0 text-right text-muted-foreground tabular-nums sm:inline">
                  {formatNumber(t.agents)} agents
                </span>
                <span className="w-24 shrink-0 text-right font-medium tabular-nums">
                  {figure === "cost" ? formatMicros(t.costMicros) : `${formatTokens(t.tokens)} tokens`}
                </span>
              </li>
            ))}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}
