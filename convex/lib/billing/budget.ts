/**
 * Monthly budget alerts at 80, 90 and 100 percent of the tenant's budget,
 * checked in the mutation that records the spend (applyUsage) and whenever the
 * budget changes. Each threshold alerts at most once per month: the counters
 * row remembers it (`budget:80`...) and starts the list afresh each month.
 * When one write crosses several thresholds, only the highest is announced
 * (an "80%" message is stale once spend is at 100%); the lower ones count as sent.
 */
import type { GenericDatabaseWriter } from "convex/server";
import type { DataModel, Id } from "../../_generated/dataModel";
import { BUDGET_THRESHOLDS } from "../../../lib/domain/plans";
import { getCounters } from "../counters";
import { notifyOwners, usd } from "./notify";

type Db = GenericDatabaseWriter<DataModel>;

/** Whole percent of the budget spent (cost in micro-dollars, budget in cents). */
export function budgetPercent(costMicros: number, budgetCents: number): number {
  return budgetCents > 0 ? Math.floor((costMicros * 100) / (budgetCents * 10_000)) : 0;
}

export async function checkBudgetAlerts(db: Db, tenantId: Id<"tenants">) {
  const tenant = await db.get(tenantId);
  const budgetCents = tenant?.monthlyBudgetCents;
  if (!tenant || !budgetCents || budgetCents <= 0) return;
  const counters = await getCounters(db, tenantId);
  const percent = budgetPercent(counters.monthCostMicros, budgetCents);
  const due = BUDGET_THRESHOLDS.filter((t) => percent >= t && !counters.notified.includes(`budget:${t}`));
  if (due.length === 0) return;
  const top = due[due.length - 1];
  const spent = usd(Math.round(counters.monthCostMicros / 10_000));
  const budget = usd(budgetCents);
  const reached = top === 100 ? "has reached" : `is at ${top}% of`;
  await notifyOwners(db, tenant, {
    kind: `budget.${top}`,
    message: `Spending this month ${reached} the ${budget} budget (${spent} so far).`,
    subject: `${tenant.name}: ${top}% of this month's budget used`,
    body: [
      `Spending for ${tenant.name} this month ${reached} its monthly budget of ${budget}: ${spent} so far (${percent}%).`,
      top === 100
        ? "Agents keep running; raise the budget or review usage if this is unexpected."
        : "You will hear from us again at the next threshold.",
      `Review usage and the budget at /t/${tenant.slug}/billing.`,
    ].join("\n\n"),
  });
  await db.patch(counters._id, { notified: [...counters.notified, ...due.map((t) => `budget:${t}`)] });
}
