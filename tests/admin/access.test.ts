/**
 * Who may call the admin console's functions, enforced in Convex: a tenant
 * owner and a signed-out caller learn nothing (NOT_FOUND / refused), support
 * reads everything and changes nothing (FORBIDDEN), an admin acts. Every
 * public function of convex/admin/ (and the staff-run platform backfill, the registry and moves) must have a row here (found from the
 * modules, not a hand-kept list); admin/billing.ts has its own in
 * tests/billing/billing-access.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Value } from "convex/values";
import { as, call, ok, OWNER, scanPlatform, STAFF, startLocal, SUPPORT, SYSTEM_SECRET, tenantBySlug, type Local } from "./support";

type Row = { kind: "query" | "mutation"; write: boolean; args: () => Record<string, Value> };
let t: Local;
let acme: { _id: string };
let webhookId: string;

type Registered = { isPublic?: boolean; isQuery?: boolean; isMutation?: boolean };
const modules = import.meta.glob<Record<string, unknown>>(
  [
    "../../convex/admin/*.ts",
    "../../convex/jobs/platformBackfill.ts",
    "../../convex/platform/registry.ts",
    "../../convex/platform/moves.ts",
    "../../convex/platform/rollupReports.ts",
    "!../../convex/admin/billing.ts",
  ],
  { eager: true },
);
const exported = Object.entries(modules).flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, value]) => {
      const fn = value as Registered | null;
      return typeof value === "function" && fn?.isPublic && (fn.isQuery || fn.isMutation);
    })
    .map(([name]) => `${file.replace(/^.*\/convex\//, "").replace(/\.ts$/, "")}:${name}`),
);

const ROWS: Record<string, Row> = {
  "admin/tenants:list": { kind: "query", write: false, args: () => ({ sort: "cost", order: "desc" }) },
  "admin/tenants:summary": { kind: "query", write: false, args: () => ({}) },
  "admin/tenantDetail:get": { kind: "query", write: false, args: () => ({ slug: "acme" }) },
  "admin/overview:get": { kind: "query", write: false, args: () => ({}) },
  "admin/audit:list": { kind: "query", write: false, args: () => ({ tenantSlug: "acme" }) },
  "admin/webhooks:list": { kind: "query", write: false, args: () => ({}) },
  "admin/export:page": { kind: "query", write: true, args: () => ({ tenantId: acme._id, table: "agents", cursor: null, numItems: 10 }) },
  "admin/actions:suspend": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id, reason: "access test" }) },
  "admin/actions:reactivate": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id }) },
  "admin/actions:changePlan": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id, plan: "enterprise" }) },
  "admin/actions:setQuotaOverrides": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id, overrides: { agents: 500 } }) },
  "admin/actions:softDelete": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id, reason: "access test" }) },
  "admin/actions:restore": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id }) },
  "admin/provision:create": {
    kind: "mutation",
    write: true,
    args: () => ({ name: "Access Made", slug: "access-made", plan: "pro", billingEmail: "billing@access.test" }),
  },
  "admin/invite:create": {
    kind: "mutation",
    write: true,
    args: () => ({ tenantId: acme._id, email: "new-person@access.test", role: "member" }),
  },
  "admin/provision:updateSettings": { kind: "mutation", write: true, args: () => ({ tenantId: acme._id, name: "Access Renamed" }) },
  "admin/purge:hardDelete": {
    kind: "mutation",
    write: true,
    args: () => ({ tenantId: acme._id, confirmSlug: "acme", overrideRetention: true }),
  },
  "admin/export:start": { kind: "mutation", write: true, args: () => ({ slug: "acme" }) },
  "admin/webhooks:startRedelivery": { kind: "mutation", write: true, args: () => ({ id: webhookId }) },
  "jobs/platformBackfill:rebuild": { kind: "mutation", write: true, args: () => ({}) },
  // Support may view a tenant read-only too, so recording that visit is not an admin-only write.
  "admin/audit:recordViewAs": { kind: "mutation", write: false, args: () => ({ slug: "acme" }) },
  // Searching every tenant's agent memories is a read; the mutation only writes its audit entry.
  "admin/globalView:searchMemories": { kind: "mutation", write: false, args: () => ({ search: "anything" }) },
  "platform/registry:list": { kind: "query", write: false, args: () => ({}) },
  "platform/registry:tenantPlacement": { kind: "query", write: false, args: () => ({ slug: "acme" }) },
  "platform/moves:status": { kind: "query", write: false, args: () => ({ slug: "acme" }) },
  "platform/moves:recent": { kind: "query", write: false, args: () => ({}) },
  "platform/rollupReports:status": { kind: "query", write: false, args: () => ({}) },
  "platform/moves:authorize": { kind: "mutation", write: true, args: () => ({ slug: "acme", action: "start", to: "dedicated:acme" }) },
  "admin/tokens:list": { kind: "query", write: false, args: () => ({}) },
  "admin/tokens:create": { kind: "mutation", write: true, args: () => ({ name: "Access token", role: "support", expiresInDays: 7 }) },
  "admin/tokens:revoke": { kind: "mutation", write: true, args: () => ({ tokenId: platformTokenId }) },
  "admin/usageReport:detailed": {
    kind: "query",
    write: false,
    args: () => ({ slug: "acme", month: "2026-01", cursor: null, numItems: 10 }),
  },
  "admin/migrate:snapshot": { kind: "query", write: false, args: () => ({ slug: "acme" }) },
  "admin/migrate:usagePage": { kind: "query", write: false, args: () => ({ slug: "acme", cursor: null }) },
  "admin/migrate:importStructure": {
    kind: "mutation",
    write: true,
    args: () => ({
      slug: "acme",
      dryRun: false,
      configuration: { quotaOverrides: {}, monthlyBudgetCents: null },
      departments: [{ id: "d1", name: "Access Dept", costCenter: "CC-1" }],
      agents: [],
    }),
  },
  "admin/migrate:importUsage": { kind: "mutation", write: true, args: () => ({ slug: "acme", dryRun: false, rows: [] }) },
  "admin/debug:userSession": { kind: "query", write: false, args: () => ({ who: "owner@acme.test" }) },
  "admin/timings:slowQueries": { kind: "query", write: false, args: () => ({ slug: "acme", sinceMs: 3_600_000, limit: 20 }) },
  "admin/provision:applyTemplate": {
    kind: "mutation",
    write: true,
    args: () => ({ slug: "acme", template: "customer-support", includeSampleData: false }),
  },
  "admin/importUsers:check": {
    kind: "query",
    write: false,
    args: () => ({ slug: "acme", rows: [{ line: 2, name: "A", email: "a@access.test", role: "member" }] }),
  },
  "admin/importUsers:apply": {
    kind: "mutation",
    write: true,
    args: () => ({ slug: "acme", rows: [{ line: 2, name: "A", email: "a@access.test", role: "member" }] }),
  },
};
let platformTokenId: string;

beforeAll(async () => {
  t = await startLocal("access");
  acme = await tenantBySlug(t, "acme");
  platformTokenId = (await ok(as(t, STAFF), "mutation", "admin/tokens:create", { name: "to revoke", role: "support", expiresInDays: 7 }))
    .tokenId;
  webhookId = await t.run((ctx) =>
    ctx.db.insert("webhookEvents", {
      provider: "stripe",
      eventId: "evt_access",
      type: "invoice.paid",
      tenantId: acme._id,
      payload: "{}",
      eventCreated: 1,
      receivedAt: Date.now(),
      outcome: "failed",
      error: "boom",
    }),
  );
}, 120_000);
afterAll(async () => t?.dispose());

it("every public admin function has a row, and every row a function", () => {
  const system = [
    "admin/audit:recordDenied",
    "admin/tokens:use",
    "admin/timings:record",
    ...["placement", "setPlacement", "registerDeployment", "retireDeployment"].map((f) => `platform/registry:${f}`),
    ...["create", "save", "get", "list"].map((f) => `platform/moves:${f}`),
    "platform/rollupReports:collect",
  ];
  expect(exported.filter((n) => !ROWS[n] && !system.includes(n)).sort()).toEqual([]);
  expect(Object.keys(ROWS).filter((n) => !exported.includes(n))).toEqual([]);
});

describe.each(Object.entries(ROWS))("%s", (name, row) => {
  it("a tenant owner and a signed-out caller are refused, and nothing changes", async () => {
    const before = await scanPlatform(t);
    const owner = await call(as(t, OWNER), row.kind, name, row.args());
    expect(owner.ok ? "ok" : owner.code).toBe("NOT_FOUND");
    const anonymous = await call(t, row.kind, name, row.args());
    expect(anonymous.ok ? "ok" : anonymous.code).toMatch(/UNAUTHENTICATED|NOT_FOUND/);
    expect(await scanPlatform(t)).toEqual(before);
  });

  it(row.write ? "support is refused (read-only) and nothing changes" : "support may call it", async () => {
    const before = await scanPlatform(t);
    const o = await call(as(t, SUPPORT), row.kind, name, row.args());
    expect(o.ok ? "ok" : o.code).toBe(row.write ? "FORBIDDEN" : "ok");
    if (row.write) expect(await scanPlatform(t)).toEqual(before);
  });
});

it("the queries answer an admin", async () => {
  for (const [name, row] of Object.entries(ROWS)) {
    if (row.kind !== "query") continue;
    const o = await call(as(t, STAFF), row.kind, name, row.args());
    expect(o.ok, `${name}: ${o.ok ? "" : o.message}`).toBe(true);
  }
});

it("denied page attempts are recorded only with the system secret", async () => {
  const args = { slug: "acme", path: "/t/acme/agents", subject: "user_someone", email: "someone@globex.test" };
  for (const handle of [t, as(t, STAFF), as(t, OWNER)]) {
    const refused = await call(handle, "mutation", "admin/audit:recordDenied", { ...args, secret: "wrong-secret-wrong-secret-wrong" });
    expect(refused.ok ? "ok" : refused.code).toBe("UNAUTHENTICATED");
  }
  expect((await call(t, "mutation", "admin/audit:recordDenied", { ...args, secret: SYSTEM_SECRET })).ok).toBe(true);
  const audit = await call(as(t, SUPPORT), "query", "admin/audit:list", { action: "access.denied" });
  expect(audit.ok && audit.value.rows).toEqual([
    expect.objectContaining({ tenantSlug: "acme", actorEmail: "someone@globex.test", target: "/t/acme/agents" }),
  ]);
});
