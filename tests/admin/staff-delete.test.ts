/**
 * A deletion by platform staff is undone only by staff: the owner sees who
 * removed the workspace, why and whom to contact, and the owner's restore is
 * refused without changing anything, whichever side deleted first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, call, ok, OWNER, STAFF, startLocal, tenantBySlug, type Local } from "./support";

let t: Local;
const REASON = "Terms of service violation (ticket 4211)";
beforeAll(async () => {
  t = await startLocal("staff-delete", { usageDays: 1 });
}, 120_000);
afterAll(async () => t?.dispose());

/** The owner's restore is refused as FORBIDDEN and the tenant row is exactly as before. */
async function ownerRestoreRefused() {
  const before = await tenantBySlug(t, "acme");
  const o = await call(as(t, OWNER), "mutation", "portal/lifecycle:restore", { slug: "acme" });
  expect(o.ok ? "ok" : o.code).toBe("FORBIDDEN");
  if (!o.ok) expect(o.message).toMatch(/removed by the platform.*support@tenantry\.test/);
  expect(await tenantBySlug(t, "acme")).toEqual(before);
  expect((await call(as(t, OWNER), "query", "account/tenants:getBySlug", { slug: "acme" })).ok).toBe(false);
}

describe("staff deletion", () => {
  it("staff deletes: the owner sees why and whom to contact, cannot restore; staff can", async () => {
    const acme = await tenantBySlug(t, "acme");
    await ok(as(t, STAFF), "mutation", "admin/actions:softDelete", { tenantId: acme._id, reason: REASON });
    const [notice] = await ok(as(t, OWNER), "query", "portal/lifecycle:deletedForMe", {});
    expect(notice).toMatchObject({ slug: "acme", deletedBy: "staff", reason: REASON, contact: "support@tenantry.test", restorable: false });
    await ownerRestoreRefused();
    await ok(as(t, STAFF), "mutation", "admin/actions:restore", { tenantId: acme._id });
    const back = await tenantBySlug(t, "acme");
    expect(back.status).toBe(acme.status);
    expect(back.deletedBy).toBeUndefined();
    expect(back.deletionReason).toBeUndefined();
    expect((await ok(as(t, OWNER), "query", "account/tenants:getBySlug", { slug: "acme" })).status).toBe(acme.status);
  });

  it("owner deletes first, then staff deletes: it becomes the platform's deletion (same erase date)", async () => {
    await ok(as(t, OWNER), "mutation", "portal/lifecycle:remove", { slug: "acme", confirmSlug: "acme" });
    const ownDeleted = await tenantBySlug(t, "acme");
    expect(ownDeleted.deletedBy).toBe("owner");
    expect((await ok(as(t, OWNER), "query", "portal/lifecycle:deletedForMe", {}))[0]).toMatchObject({
      deletedBy: "owner",
      restorable: true,
      reason: null,
    });
    await ok(as(t, STAFF), "mutation", "admin/actions:softDelete", { tenantId: ownDeleted._id, reason: REASON });
    const staffDeleted = await tenantBySlug(t, "acme");
    expect(staffDeleted).toMatchObject({
      status: "deleted",
      deletedBy: "staff",
      deletionReason: REASON,
      hardDeleteAt: ownDeleted.hardDeleteAt,
    });
    await ownerRestoreRefused();
    // A second platform deletion of the same workspace is a conflict, not a new erase date.
    const again = await call(as(t, STAFF), "mutation", "admin/actions:softDelete", { tenantId: ownDeleted._id, reason: REASON });
    expect(again.ok ? "ok" : again.code).toBe("CONFLICT");
    await ok(as(t, STAFF), "mutation", "admin/actions:restore", { tenantId: ownDeleted._id });
    expect((await tenantBySlug(t, "acme")).status).not.toBe("deleted");
  });

  it("an owner's own deletion is still the owner's to restore", async () => {
    await ok(as(t, OWNER), "mutation", "portal/lifecycle:remove", { slug: "acme", confirmSlug: "acme" });
    expect((await ok(as(t, OWNER), "mutation", "portal/lifecycle:restore", { slug: "acme" })).slug).toBe("acme");
  });
});
