// @vitest-environment edge-runtime
// Files against the storage quota: refused at 100% before upload, re-checked on the stored size, bytes follow rows.
import { convexTest } from "convex-test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import type { Id } from "../../convex/_generated/dataModel";
import { addTenant, call, mintKey, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
const GB = 1024 ** 3;
let t: T;
let globex: Tenant;
let acme: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  // The API rate limits live in the rate-limiter component (convex/lib/rateLimit.ts).
  rateLimiter.register(t);
  globex = await addTenant(t, { slug: "globex", plan: "starter" });
  acme = await addTenant(t, { slug: "acme" });
});

const storageUsed = (tenant: Tenant) =>
  t.run(
    async (ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
        .unique())!.storageBytes,
  );
const setStorage = async (tenant: Tenant, bytes: number) => {
  const row = await t.run(
    async (ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
        .unique())!,
  );
  await t.run((ctx) => ctx.db.patch(row._id, { storageBytes: bytes }));
};
const upload = (bytes: number) => t.run((ctx) => ctx.storage.store(new Blob([new Uint8Array(bytes)])));
const blob = (id: Id<"_storage">) => t.run(async (ctx) => (await ctx.storage.get(id)) !== null);

describe("files and the storage quota", () => {
  it("at 100% of storage an upload is refused before any byte is stored", async () => {
    const key = await mintKey(t, globex);
    await setStorage(globex, 10 * GB);
    expect(await call(t, api.runtime.files.reserve, key, { name: "a.txt", contentType: "text/plain", size: 1 })).toMatchObject({
      ok: false,
      error: { code: "QUOTA_EXCEEDED", message: `Storage quota exceeded. Current: ${10 * GB}, Max: ${10 * GB}. Upgrade your plan.` },
    });
    await setStorage(globex, 10 * GB - 100);
    expect(await call(t, api.runtime.files.reserve, key, { name: "a.txt", contentType: "text/plain", size: 100 })).toMatchObject({
      ok: true,
      value: { uploadUrl: expect.any(String) },
    });
    expect(await call(t, api.runtime.files.reserve, key, { name: "a/b", contentType: "text/plain", size: 1 })).toMatchObject({
      ok: false,
      error: { code: "INVALID", field: "name" },
    });
  });

  it("commit counts the stored size, delete gives it back, and the bytes go with the row", async () => {
    const key = await mintKey(t, acme);
    const before = await storageUsed(acme);
    const storageId = await upload(1234);
    const res = await call(t, api.runtime.files.commit, key, { storageId, name: "report.csv", contentType: "text/csv" });
    if (!res.ok) throw new Error(res.error.message);
    expect(res.value).toMatchObject({ name: "report.csv", size: 1234 });
    expect(await storageUsed(acme)).toBe(before + 1234);
    expect(await call(t, api.runtime.files.remove, await mintKey(t, globex), { fileId: res.value.id })).toMatchObject({
      ok: false,
      error: { code: "NOT_FOUND" },
    });
    expect(await blob(storageId)).toBe(true);
    expect(await call(t, api.runtime.files.remove, key, { fileId: res.value.id })).toMatchObject({ ok: true, value: { deleted: true } });
    expect(await storageUsed(acme)).toBe(before);
    expect(await blob(storageId)).toBe(false);
  });

  it("a file larger than it was declared, past the quota, is refused and its bytes are not kept", async () => {
    const key = await mintKey(t, globex);
    await setStorage(globex, 10 * GB - 10);
    const storageId = await upload(11);
    expect(
      await call(t, api.runtime.files.commit, key, { storageId, name: "big.bin", contentType: "application/octet-stream" }),
    ).toMatchObject({ ok: false, error: { code: "QUOTA_EXCEEDED" } });
    expect(await blob(storageId)).toBe(false);
    expect(await t.run((ctx) => ctx.db.query("files").collect())).toEqual([]);
    expect(await storageUsed(globex)).toBe(10 * GB - 10);
  });
});
