import { InvalidArgumentError, type Command } from "commander";

const GIB = 1024 ** 3;

/**
 * A quota flag: a number, or "unlimited" (kept as that word: commander turns a
 * parser's null into ""), sent as null. Range checks are the server's, with the console's messages.
 */
export function quotaValue(value: string): number | "unlimited" {
  if (value.trim().toLowerCase() === "unlimited") return "unlimited";
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError('Give a number or "unlimited".');
  return n;
}

/** A dollar amount in cents, or "none" (no budget, sent as null). */
export function dollars(value: string): number | "none" {
  if (value.trim().toLowerCase() === "none") return "none";
  const n = Number(value.replace(/^\$/, ""));
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError('Give an amount in dollars, or "none".');
  return Math.round(n * 100);
}

export function quotaOptions(cmd: Command): Command {
  return cmd
    .option("--max-agents <n>", 'agent quota ("unlimited" for none)', quotaValue)
    .option("--max-monthly-tokens <n>", "token quota per month", quotaValue)
    .option("--max-storage-gb <n>", "storage quota in GB (GiB, as the plans count)", quotaValue)
    .option("--max-concurrent-sessions <n>", "concurrent session quota", quotaValue)
    .option("--max-api-calls-per-minute <n>", "runtime API rate limit per minute", quotaValue)
    .option("--monthly-budget <dollars>", 'monthly cost budget in dollars ("none" to clear)', dollars);
}

type Flag = number | "unlimited" | undefined;
type QuotaFlags = {
  maxAgents?: Flag;
  maxMonthlyTokens?: Flag;
  maxStorageGb?: Flag;
  maxConcurrentSessions?: Flag;
  maxApiCallsPerMinute?: Flag;
};

const limit = (f: number | "unlimited", scale = 1) => (f === "unlimited" ? null : scale === 1 ? f : Math.round(f * scale));

/** The --monthly-budget flag as the API's monthlyBudgetCents (undefined leaves the budget alone). */
export const budgetOf = (f: number | "none" | undefined) => (f === "none" ? null : f);

/** The flags given, as the API's `overrides` (absent flags leave that quota alone). */
export function overridesOf(o: QuotaFlags): Record<string, number | null> | undefined {
  const out: Record<string, number | null> = {};
  if (o.maxAgents !== undefined) out.agents = limit(o.maxAgents);
  if (o.maxMonthlyTokens !== undefined) out.monthlyTokens = limit(o.maxMonthlyTokens);
  if (o.maxStorageGb !== undefined) out.storageBytes = limit(o.maxStorageGb, GIB);
  if (o.maxConcurrentSessions !== undefined) out.concurrentSessions = limit(o.maxConcurrentSessions);
  if (o.maxApiCallsPerMinute !== undefined) out.apiCallsPerMinute = limit(o.maxApiCallsPerMinute);
  return Object.keys(out).length ? out : undefined;
}
