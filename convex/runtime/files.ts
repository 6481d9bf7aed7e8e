/**
 * POST /api/v1/files and DELETE /api/v1/files/{id}: files agent runtimes
 * store, counted against the storage quota. The route asks `reserve` first
 * (the seed's hard limit: at 100% of storage, uploads are refused before a
 * byte is sent), uploads the bytes to the URL it gets, then `commit` checks
 * the stored size against the quota again (the declared size is the caller's
 * word) and records the file. Deleting a row deletes its bytes (lib/files.ts).
 */
import { v } from "convex/values";
import { apiMutation } from "../lib/apiDoor";
import { appError, notFound } from "../lib/errors";
import { bump, getCounters } from "../lib/counters";
import { assertWithinQuota, notifySoftLimits, quotasOf } from "../lib/quotas";
import { contentTypeProblem, fileNameProblem, MAX_UPLOAD_BYTES } from "../../lib/domain/api/files";

function check(name: string, contentType: string) {
  const nameProblem = fileNameProblem(name);
  if (nameProblem) throw appError("INVALID", nameProblem, "name");
  const typeProblem = contentTypeProblem(contentType);
  if (typeProblem) throw appError("INVALID", typeProblem, "Content-Type");
}

export const reserve = apiMutation({
  args: { name: v.string(), contentType: v.string(), size: v.number() },
  access: "write",
  handler: async (ctx, { name, contentType, size }) => {
    check(name, contentType);
    if (!Number.isInteger(size) || size < 1 || size > MAX_UPLOAD_BYTES)
      throw appError("INVALID", `A file must be 1 byte to ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`, "Content-Length");
    const counters = await getCounters(ctx.db, ctx.tenant._id);
    assertWithinQuota(ctx.tenant, "storageBytes", counters.storageBytes, size);
    return { uploadUrl: await ctx.storage.generateUploadUrl() };
  },
});

export const commit = apiMutation({
  args: { storageId: v.id("_storage"), name: v.string(), contentType: v.string() },
  access: "write",
  handler: async (ctx, { storageId, name, contentType }) => {
    check(name, contentType);
    const stored = await ctx.db.system.get(storageId);
    if (!stored) throw appError("INVALID", "The upload did not arrive; send the file again.", "body");
    const counters = await getCounters(ctx.db, ctx.tenant._id);
    const limit = quotasOf(ctx.tenant).storageBytes;
    const tooBig = stored.size > MAX_UPLOAD_BYTES;
    if (tooBig || (limit !== null && counters.storageBytes + stored.size > limit)) {
      // The only write before this refusal, on purpose: bytes nobody may keep are not kept.
      await ctx.storage.delete(storageId);
      if (tooBig) throw appError("INVALID", `A file must be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB.`, "body");
      assertWithinQuota(ctx.tenant, "storageBytes", counters.storageBytes, stored.size);
    }
    const now = ctx.now;
    const id = await ctx.db.insert("files", {
      tenantId: ctx.tenant._id,
      storageId,
      name,
      contentType,
      size: stored.size,
      apiKeyId: ctx.apiKey._id,
      createdAt: now,
    });
    await bump(ctx.db, ctx.tenant._id, "storageBytes", stored.size);
    await notifySoftLimits(ctx.db, ctx.tenant, "storageBytes", counters.storageBytes + stored.size);
    return { id: id as string, name, contentType, size: stored.size, createdAt: new Date(now).toISOString() };
  },
});

export const remove = apiMutation({
  args: { fileId: v.string() },
  access: "report",
  handler: async (ctx, { fileId }) => {
    const id = ctx.db.normalizeId("files", fileId);
    const file = id ? await ctx.db.get(id) : null;
    if (!file) throw notFound("No file with this id in this workspace.");
    await ctx.db.delete(file._id);
    await bump(ctx.db, ctx.tenant._id, "storageBytes", -file.size);
    return { id: file._id as string, deleted: true, size: file.size };
  },
});
