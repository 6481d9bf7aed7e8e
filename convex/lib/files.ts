/**
 * A `files` row owns its bytes in Convex storage: whoever deletes the row (the
 * API, the retention hard delete, anything else), the trigger deletes the
 * bytes in the same transaction, so erasing a tenant leaves no stored file
 * behind. Counters are the deleting code's business (the hard delete removes
 * the counters row itself).
 */
import type { Triggers } from "convex-helpers/server/triggers";
import type { DataModel } from "../_generated/dataModel";

export function registerFileTriggers(triggers: Triggers<DataModel>) {
  triggers.register("files", async (ctx, change) => {
    if (change.operation === "delete") await ctx.storage.delete(change.oldDoc.storageId);
  });
}
