/**
 * Paging options through the real client on convex-local (where the attack
 * test saw "Server Error"): a bad page size answers INVALID naming the field,
 * for the portal's agents list and the staff lists. (convex-local reads any
 * cursor as a key position, so the unreadable-cursor case is covered in
 * tests/portal/input-rules.test.ts, where paginate refuses it as Convex does.)
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { as, call, ok, OWNER, STAFF, startLocal, type Local } from "./support";

let t: Local;
beforeAll(async () => {
  t = await startLocal("paging", { usageDays: 1 });
}, 120_000);
afterAll(async () => t?.dispose());

const refusedAt = async (o: Promise<Awaited<ReturnType<typeof call>>>) => {
  const r = await o;
  return r.ok ? "ok" : `${r.code}@${r.field ?? ""}`;
};

it("portal/agents:list: numItems must be a whole number from 1 to the maximum", async () => {
  const list = (paginationOpts: { numItems: number; cursor: string | null }) =>
    call(as(t, OWNER), "query", "portal/agents:list", { slug: "acme", paginationOpts });
  for (const numItems of [-1, 0, 0.5, 1e9])
    expect(await refusedAt(list({ numItems, cursor: null }))).toBe("INVALID@paginationOpts.numItems");
  const first = await ok(as(t, OWNER), "query", "portal/agents:list", { slug: "acme", paginationOpts: { numItems: 1, cursor: null } });
  expect(first.page).toHaveLength(1);
  expect(
    (await ok(as(t, OWNER), "query", "portal/agents:list", { slug: "acme", paginationOpts: { numItems: 1, cursor: first.continueCursor } }))
      .page,
  ).toHaveLength(1);
});

it("the staff lists answer a bad page size the same way", async () => {
  for (const name of ["admin/audit:list", "admin/tenants:list"]) {
    for (const pageSize of [-1, 0, 2.5, 1e6])
      expect(await refusedAt(call(as(t, STAFF), "query", name, { pageSize }))).toBe("INVALID@pageSize");
  }
});
