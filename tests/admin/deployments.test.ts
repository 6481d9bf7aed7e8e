/**
 * Issue 20, the console's Deployments page: platform/moves:recent lists every tenant's
 * moves for staff (support included) and refuses everyone else, a tenant's own
 * owner too, as the other staff reads do (NOT_FOUND: the console does not announce itself).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Id } from "../../convex/_generated/dataModel";
import { as, call, ok, OWNER, STAFF, startLocal, SUPPORT, tenantBySlug, type Local } from "./support";

let t: Local;
beforeAll(async () => {
  t = await startLocal("deployments", { usageDays: 1 });
  const acme = (await tenantBySlug(t, "acme")) as { _id: Id<"tenants"> };
  const globex = (await tenantBySlug(t, "globex")) as { _id: Id<"tenants"> };
  const base = { sourceUrl: "http://127.0.0.1:1", targetUrl: "http://127.0.0.1:2" };
  await t.run(async (ctx) => {
    // Shaped as the runner saves them: `state.copied` counts rows per table.
    await ctx.db.insert("tenantMoves", {
      ...base,
      tenantId: acme._id,
      slug: "acme",
      from: "shared:main",
      to: "dedicated:acme",
      phase: "copy",
      status: "failed",
      state: { copied: { agents: 12, usageEvents: 300 } },
      error: "target closed",
      startedAt: 1_000,
      updatedAt: 2_000,
    });
    await ctx.db.insert("tenantMoves", {
      ...base,
      tenantId: globex._id,
      slug: "globex",
      from: "shared:main",
      to: "shared:s2",
      phase: "done",
      status: "done",
      state: {},
      startedAt: 3_000,
      updatedAt: 4_000,
    });
  });
}, 300_000);
afterAll(async () => t?.dispose());

it("staff see every tenant's moves, newest first, with rows copied and the error", async () => {
  for (const who of [SUPPORT, STAFF]) {
    const rows = await ok(as(t, who), "query", "platform/moves:recent");
    expect(rows.map((r: { slug: string }) => r.slug)).toEqual(["globex", "acme"]);
    expect(rows[1]).toMatchObject({
      from: "shared:main",
      to: "dedicated:acme",
      phase: "copy",
      status: "failed",
      copiedRows: 312,
      error: "target closed",
      startedAt: 1_000,
      updatedAt: 2_000,
    });
    expect(rows[0]).toMatchObject({ copiedRows: 0, error: null });
  }
});

it("a tenant user is refused even for their own tenant's move, and so is a signed-out caller", async () => {
  const owner = await call(as(t, OWNER), "query", "platform/moves:recent");
  expect(owner.ok ? "ok" : owner.code).toBe("NOT_FOUND");
  const anonymous = await call(t, "query", "platform/moves:recent");
  expect(anonymous.ok ? "ok" : anonymous.code).toMatch(/UNAUTHENTICATED|NOT_FOUND/);
});
