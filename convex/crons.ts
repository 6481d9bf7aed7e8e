/**
 * The background jobs that keep tenants healthy (issue 8). Each is idempotent,
 * bounded per transaction (continuing itself when there is more) and logs one
 * JSON line per run. convex-local runs these too.
 */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("trial expiry", { hours: 1 }, internal.jobs.trial.expireTrials, {});
crons.interval("retention", { hours: 1 }, internal.jobs.retention.capture, {});
crons.interval("session expiry sweep", { minutes: 5 }, internal.jobs.maintenance.expireSessions, {});
// The 1st at 00:05 UTC; getCounters also resets lazily, this makes dashboards right at the boundary.
crons.monthly("month roll-over", { day: 1, hourUTC: 0, minuteUTC: 5 }, internal.jobs.maintenance.rollMonth, {});
// The seed's "error rate above 5% over the last hour -> page on-call" (convex/notifications/pager.ts).
crons.interval("error rate check", { minutes: 10 }, internal.notifications.pager.checkErrorRates, {});
crons.daily("health check", { hourUTC: 6, minuteUTC: 0 }, internal.jobs.health.dailyHealthCheck, {});
crons.daily("usage event pruning", { hourUTC: 3, minuteUTC: 0 }, internal.jobs.maintenance.pruneTenants, {});
// Issue 20: placements' rollup reports folded into the platform figures (lag shown on /admin/deployments).
crons.interval("placement rollup reports", { seconds: 10 }, internal.platform.rollupReports.pull, {});
crons.daily("webhook event cleanup", { hourUTC: 3, minuteUTC: 30 }, internal.jobs.maintenance.cleanWebhookEvents, {});

export default crons;
