/**
 * The admin overview's "rebuild" button: re-runs the platform-stats migration
 * (convex/jobs/migrations.ts) from the first tenant. The walk, its batches, its
 * resumption and its progress belong to @convex-dev/migrations; this door is
 * the admin check and the audit entry.
 */
import { staffMutation } from "../lib/functions";
import { audit } from "../lib/audit";
import { migrations } from "./migrations";
import { internal } from "../_generated/api";

export const rebuild = staffMutation({
  args: {},
  handler: async (ctx) => {
    await audit(ctx.db, { tenantId: null, actor: ctx.user, action: "platform.rebuild_stats" });
    // cursor null: from the beginning, even when an earlier run finished.
    await migrations.runOne(ctx, internal.jobs.migrations.platformStats, { cursor: null });
  },
});
