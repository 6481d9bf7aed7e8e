/**
 * Shared by the background jobs (convex/crons.ts): paging through tenants a
 * bounded number per transaction, and one structured log line per run, so
 * each job stays within Convex's limits and says what it did.
 */
import type { GenericDatabaseReader, PaginationResult } from "convex/server";
import type { DataModel, Doc } from "../_generated/dataModel";

/** Tenants handled per transaction; the job schedules itself again for the next page. */
export const TENANTS_PER_RUN = 50;

export function tenantPage(db: GenericDatabaseReader<DataModel>, cursor: string | null): Promise<PaginationResult<Doc<"tenants">>> {
  return db.query("tenants").paginate({ cursor, numItems: TENANTS_PER_RUN });
}

export function logJob(job: string, facts: Record<string, unknown>) {
  console.log(JSON.stringify({ event: "job", job, ...facts, at: new Date().toISOString() }));
}

/** A whole-number env setting of the Convex deployment, or the default. */
export function envDays(name: string, fallback: number): number {
  const raw = Number(process.env[name]);
  return Number.isInteger(raw) && raw > 0 ? raw : fallback;
}
