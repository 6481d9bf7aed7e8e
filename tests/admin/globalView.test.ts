/**
 * The staff's global view of agent memories (convex/admin/globalView.ts) on
 * convex-local: both demo tenants' agents are named tau and store memories with
 * the same words; staff see each with its tenant, a tenant filter narrows it,
 * support may search, nobody else learns the function exists, and every search
 * leaves an audit entry naming who looked and which tenants answered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, call, ok, OWNER, STAFF, startLocal, SUPPORT, tenantBySlug, type Local } from "./support";
import type { Doc, Id } from "../../convex/_generated/dataModel";

let t: Local;
let acme: Doc<"tenants">;
let globex: Doc<"tenants">;

async function remember(tenantId: Id<"tenants">, content: string) {
  const scope = "production:";
  await t.run((ctx) =>
    ctx.db.insert("memories", {
      tenantId,
      scope,
      namespace: "project/launch",
      type: "decision",
      content,
      createdBy: "tau",
      contextKey: "",
      vectorScope: `${tenantId}|${scope}`,
      vectorContext: `${tenantId}|${scope}|`,
      bytes: content.length,
      createdAt: Date.now(),
    }),
  );
}

beforeAll(async () => {
  t = await startLocal("global-view");
  acme = await tenantBySlug(t, "acme");
  globex = await tenantBySlug(t, "globex");
  await remember(acme._id, "Acme ships the orbital launch checklist on Friday");
  await remember(globex._id, "Globex keeps its launch checklist in the vault");
  await remember(globex._id, "Globex prefers tea to coffee");
});
afterAll(() => t.dispose());

type Row = { content: string; namespace: string; scope: string; tenant: { slug: string } | null };
const search = async (email: string, args: { search: string; tenant?: string }) =>
  (await ok(as(t, email), "mutation", "admin/globalView:searchMemories", args)) as Row[];

describe("the global view of agent memories", () => {
  it("finds every tenant's matching memories, each with its tenant", async () => {
    const rows = await search(STAFF, { search: "launch checklist" });
    expect(rows.map((r) => [r.tenant?.slug, r.content]).sort()).toEqual([
      ["acme", "Acme ships the orbital launch checklist on Friday"],
      ["globex", "Globex keeps its launch checklist in the vault"],
    ]);
    expect(rows.every((r) => r.namespace === "project/launch" && r.scope === "production:")).toBe(true);
  });

  it("narrows to one tenant by slug", async () => {
    const rows = await search(STAFF, { search: "launch checklist", tenant: "GLOBEX" });
    expect(rows.map((r) => r.tenant?.slug)).toEqual(["globex"]);
  });

  it("lets support search, read only", async () => {
    const rows = await search(SUPPORT, { search: "tea" });
    expect(rows.map((r) => r.content)).toEqual(["Globex prefers tea to coffee"]);
  });

  it("answers a tenant owner as if it did not exist", async () => {
    const o = await call(as(t, OWNER), "mutation", "admin/globalView:searchMemories", { search: "launch" });
    expect(o).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("refuses an empty search, a hidden control character and an unknown tenant, naming the field", async () => {
    expect(await call(as(t, STAFF), "mutation", "admin/globalView:searchMemories", { search: "  " })).toMatchObject({
      ok: false,
      code: "INVALID",
      field: "search",
    });
    expect(await call(as(t, STAFF), "mutation", "admin/globalView:searchMemories", { search: "launch\u202e" })).toMatchObject({
      ok: false,
      code: "INVALID",
      field: "search",
      message: expect.stringContaining("U+202E"),
    });
    expect(await call(as(t, STAFF), "mutation", "admin/globalView:searchMemories", { search: "launch", tenant: "nope" })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
      field: "tenant",
    });
  });

  it("records every search in the audit log: who, what, and which tenants answered", async () => {
    const log = async () => (await t.run((ctx) => ctx.db.query("auditLogs").collect())) as Doc<"auditLogs">[];
    const before = await log();
    await search(SUPPORT, { search: "vault" });
    const entries = (await log()).filter((e) => e.action === "workspace.global_view" && !before.some((b) => b._id === e._id));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorEmail: SUPPORT,
      tenantId: null,
      target: "vault",
      after: { tenant: null, results: 1, tenants: ["globex"] },
    });
  });
});
