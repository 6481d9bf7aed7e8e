import { InvalidArgumentError, type Command } from "commander";

const GIB = 1024 ** 3;

/** A quota flag: a number, or "unlimited" (null). Range checks are the server's, with the console's messages. */
export function quotaValue(value: string): number | null {
  if (value.trim().toLowerCase() === "unlimited") return null;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError('Give a number or "unlimited".');
  return n;
}

/** A dollar amount, or "none" (no budget). */
export function dollars(value: string): number | null {
  if (value.trim().toLowerCase() === "none") return null;
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

type QuotaFlags = {
  maxAgents?: number | null;
  maxMonthlyTokens?: number | null;
  maxStorageGb?: number | null;
  maxConcurrentSessions?: number | null;
  maxApiCallsPerMinute?: number | null;
};

/** The flags given, as the API's `overrides` (absent flags leave that quota alone). */
export function overridesOf(o: QuotaFlags): Record<string, number | null> | undefined {
  const out: Record<string, number | null> = {};
  if (o.maxAgents !== undefined) out.agents = o.maxAgents;
  if (o.maxMonthlyTokens !== undefined) out.monthlyTokens = o.maxMonthlyTokens;
  if (o.maxStorageGb !== undefined) out.storageBytes = o.maxStorageGb === null ? null : Math.round(o.maxStorageGb * GIB);
  if (o.maxConcurrentSessions !== undefined) out.concurrentSessions = o.maxConcurrentSessions;
  if (o.maxApiCallsPerMinute !== undefined) out.apiCallsPerMinute = o.maxApiCallsPerMinute;
  return Object.keys(out).length ? out : undefined;
}
