"use client";

import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress, quotaLevel } from "@/components/ui/progress";
import { formatCents } from "@/lib/domain/format";
import { useTenant } from "@/components/tenant/tenant-context";

type Props = { budget: { budgetCents: number | null; spentCents: number; percent: number | null }; canEdit: boolean };

/** This month's spend against the budget; alerts go out at 80, 90 and 100 percent, once each per month. */
export function BudgetCard({ budget, canEdit }: Props) {
  const { slug } = useTenant();
  return (
    <Card data-testid="budget">
      <CardHeader>
        <CardDescription>Monthly budget</CardDescription>
        <CardTitle className="text-xl">
          {formatCents(budget.spentCents)}
          <span className="text-sm font-normal text-muted-foreground">
            {" "}
            {budget.budgetCents ? `of ${formatCents(budget.budgetCents)}` : "spent this month"}
          </span>
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        {budget.budgetCents && budget.percent !== null ? (
          <>
            <Progress value={budget.percent} level={quotaLevel(budget.percent)} aria-label={`${budget.percent}% of the monthly budget`} />
            <p className="text-muted-foreground">
              {budget.percent}% used. Owners get a notification and an email at 80%, 90% and 100%, once each month.
            </p>
          </>
        ) : (
          <p className="text-muted-foreground">No budget set: no spending alerts.</p>
        )}
        {canEdit && (
          <Link href={`/t/${slug}/settings`} className="text-sm font-medium text-primary underline-offset-4 hover:underline">
            {budget.budgetCents ? "Change the budget" : "Set a budget"}
          </Link>
        )}
      </CardContent>
    </Card>
  );
}
