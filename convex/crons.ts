/**
 * The background jobs that keep tenants healthy (issue 8). Each is idempotent,
 * bounded per transaction (continuing itself when there is more) and logs one
 * JSON line per run. convex-local runs these too.
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("trial expiry", { hours: 1 }, internal.jobsTrial.expireTrials, {});
crons.interval("retention", { hours: 1 }, internal.jobsRetention.capture, {});
crons.interval("session expiry sweep", { minutes: 5 }, internal.jobsMaintenance.expireSessions, {});
// The 1st at 00:05 UTC; getCounters also resets lazily, this makes dashboards right at the boundary.
crons.monthly("month roll-over", { day: 1, hourUTC: 0, minuteUTC: 5 }, internal.jobsMaintenance.rollMonth, {});
crons.daily("health check", { hourUTC: 6, minuteUTC: 0 }, internal.jobsHealth.dailyHealthCheck, {});
crons.daily("usage event pruning", { hourUTC: 3, minuteUTC: 0 }, internal.jobsMaintenance.pruneTenants, {});
crons.daily("webhook event cleanup", { hourUTC: 3, minuteUTC: 30 }, internal.jobsMaintenance.cleanWebhookEvents, {});

export default crons;
