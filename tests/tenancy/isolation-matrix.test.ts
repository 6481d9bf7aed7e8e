/**
 * The isolation matrix: every exported public function in convex/ (found by
 * importing the modules), called through convex-local's real client as each
 * role of tenant A, as a member of A reaching for tenant B, signed out, as a
 * stranger and as platform staff. Expected answers come from the function's
 * kind (matrix-entries.ts) and the permission map; B must never show through.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, ROLES, type Role } from "../../lib/permissions";
import { ENTRIES, type Entry, type ForeignCase, type ForeignIds, type World } from "./matrix-entries";
import { publicFunctions } from "./support/functions";
import { outcome, show, startLocal, SYSTEM_SECRET, type Outcome } from "./support/local";
import { missingId, seedAgent, seedDepartment, seedInvitation, seedMember, seedRedirect, seedTenant, seedUser, tenantRows, type SeededTenant, type SeededUser } from "./support/world";

const FUNCTIONS = publicFunctions();
let t: Awaited<ReturnType<typeof startLocal>>;
let w: World;
let foreignIds: ForeignIds;
let missing: ForeignIds;
let bMarkers: string[];
let bBefore: unknown;

const as = (u: SeededUser | null) => (u ? t.withIdentity({ subject: u.externalId, email: u.email, name: u.externalId }) : t);
const call = async (name: string, u: SeededUser | null, args: Record<string, unknown>) => outcome(as(u), FUNCTIONS.find((f) => f.name === name)!.kind, name, args as never);

/** Nothing of tenant B (ids, names, slugs, emails) in a result or an error. */
function expectNoLeak(o: Outcome, label: string) {
  const text = o.ok ? JSON.stringify(o.value ?? null) : o.text;
  expect(bMarkers.filter((m) => text.includes(m)), `${label} leaked tenant B: ${show(o)}`).toEqual([]);
}
function expectAnswer(o: Outcome, expected: string | string[], label: string) {
  expect([expected].flat(), `${label}: ${show(o)}`).toContain(o.ok ? "ok" : o.code);
  expectNoLeak(o, label);
}
const argsFor = async (entry: Entry, a: SeededTenant, slug?: string) => ({ ...(await entry.args(w, a)), ...(slug ? { slug } : {}) });

/** B's ids and "missing" ids must get the same answer (code and message): nothing tells them apart. */
async function expectForeign(name: string, c: ForeignCase, slug?: string) {
  const withSlug = async (ids: ForeignIds) => ({ ...(await c.args(w, ids, w.A)), ...(slug ? { slug } : {}) });
  const foreign = await call(name, w.A.users.owner!, await withSlug(foreignIds));
  const absent = await call(name, w.A.users.owner!, await withSlug(missing));
  expectAnswer(foreign, c.expect, `B's ids (${c.label})`);
  expect(absent.ok ? "ok" : absent.code, `missing ids (${c.label}): ${show(absent)}`).toBe(c.expect);
  if (!foreign.ok && !absent.ok) expect(foreign.message).toBe(absent.message);
}

beforeAll(async () => {
  t = await startLocal("matrix");
  const A = await seedTenant(t, { slug: "alpha-works", name: "Alpha Works", plan: "pro", roles: [...ROLES], agents: [["Alpha Helper", "claude-haiku-4-5"], ["Alpha Coder", "claude-opus-4-6"]], usageEvents: 30 });
  const B = await seedTenant(t, { slug: "bravo-labs", name: "Bravo Labs Secret", plan: "pro", roles: ["owner", "member"], agents: [["Bravo Hidden Agent", "claude-sonnet-4-5"]], usageEvents: 30 });
  let n = 0;
  const fresh = (a: SeededTenant, label: string) => `${a.slug}-${label}-${++n}`;
  w = {
    t, A, B, stranger: await seedUser(t, "stranger"),
    staff: { support: await seedUser(t, "staff-support", "support"), admin: await seedUser(t, "staff-admin", "admin") },
    freshTenant: () => seedTenant(t, { slug: `alpha-copy-${++n}`, name: `Alpha Copy ${n}`, plan: "pro", roles: [...ROLES] }),
    freshAgent: (a) => seedAgent(t, a.id, fresh(a, "agent")),
    freshMember: (a) => seedMember(t, a.id, fresh(a, "member"), "member"),
    freshDepartment: (a) => seedDepartment(t, a.id, fresh(a, "dept")),
    freshInvitation: (a) => seedInvitation(t, a.id, a.users.owner!.id, `${fresh(a, "invitee")}@example.test`),
    seq: () => ++n,
  };
  foreignIds = {
    agentId: B.agentIds[0], departmentId: B.departmentId, membershipId: await seedMember(t, B.id, "bravo-extra", "member"),
    invitationId: await seedInvitation(t, B.id, B.users.owner!.id, "bravo-invitee@example.test"), oldSlug: "bravo-old-name",
  };
  await seedRedirect(t, B.id, foreignIds.oldSlug);
  missing = {
    agentId: await missingId(t, (ctx) => ctx.db.insert("agents", { tenantId: A.id, name: "gone", model: "claude-haiku-4-5", status: "active", createdAt: 0 })),
    departmentId: await missingId(t, (ctx) => ctx.db.insert("departments", { tenantId: A.id, name: "gone", costCenter: "x" })),
    membershipId: await missingId(t, (ctx) => ctx.db.insert("memberships", { tenantId: A.id, userId: w.stranger.id, role: "member", createdAt: 0 })),
    invitationId: await missingId(t, (ctx) => ctx.db.insert("invitations", { tenantId: A.id, email: "gone@example.test", role: "member", tokenHash: "", invitedBy: A.users.owner!.id, status: "pending", expiresAt: 0, createdAt: 0 })),
    oldSlug: "never-used-slug",
  };
  bBefore = await tenantRows(t, B.id);
  const rows = Object.values(bBefore as Record<string, Record<string, unknown>[]>).flat();
  const users = await t.query((ctx) => Promise.all(rows.flatMap((r) => (typeof r.userId === "string" ? [ctx.db.get(r.userId)] : []))));
  const strings = [...rows, ...users].flatMap((r) => [r._id, r.name, r.slug, r.email, r.billingEmail, r.externalId]);
  bMarkers = [...new Set(strings.filter((s): s is string => typeof s === "string" && s.length >= 6))];
});
afterAll(async () => t?.dispose());

it("every exported public function has a matrix entry, and every entry a function", () => {
  const names = FUNCTIONS.map((f) => f.name);
  expect(names.filter((n) => !ENTRIES[n]), "public functions without an entry in tests/tenancy/matrix-entries.ts").toEqual([]);
  expect(Object.keys(ENTRIES).filter((n) => !names.includes(n)), "entries for functions that no longer exist").toEqual([]);
});

describe.each(FUNCTIONS.filter((f) => ENTRIES[f.name]))("$name", ({ name }) => {
  const entry = ENTRIES[name];
  if (entry.kind === "tenant") {
    const target = () => (entry.fresh ? w.freshTenant() : Promise.resolve(w.A));
    it.each([...ROLES])("as %s of A on A's data: exactly as the permission map says", async (role: Role) => {
      const a = await target();
      const o = await call(name, a.users[role]!, await argsFor(entry, a, a.slug));
      expectAnswer(o, !can(role, entry.permission) ? "FORBIDDEN" : (entry.answers?.[role] ?? "ok"), `${role} ${name}`);
    });
    it("as each role of A naming B's slug: NOT_FOUND, the same answer as a tenant that does not exist", async () => {
      const absent = await call(name, w.A.users.owner!, await argsFor(entry, w.A, "no-such-tenant"));
      for (const role of ROLES) {
        const o = await call(name, w.A.users[role]!, await argsFor(entry, w.A, w.B.slug));
        expectAnswer(o, "NOT_FOUND", `${role} naming B`);
        expect(o.ok ? null : o.message).toBe(absent.ok ? null : absent.message);
      }
    });
    it.each(entry.foreign ?? [])("as A's owner passing B's ids ($label): answered exactly like a missing id", (c) => expectForeign(name, c, w.A.slug));
    it("signed out, and signed in as a non-member: refused", async () => {
      for (const u of [null, w.stranger]) expectAnswer(await call(name, u, await argsFor(entry, w.A, w.A.slug)), ["NOT_FOUND", "UNAUTHENTICATED"], u ? "stranger" : "signed out");
    });
    it("as platform staff (support, admin): a read-only view as the tenant", async () => {
      const expected = !entry.write && can("viewer", entry.permission) ? "ok" : "FORBIDDEN";
      for (const u of [w.staff.support, w.staff.admin]) expectAnswer(await call(name, u, await argsFor(entry, w.A, w.A.slug)), expected, u.externalId);
    });
  } else if (entry.kind === "user" || entry.kind === "identity") {
    it("as every role of A, a stranger and staff: answered, with nothing of B", async () => {
      for (const u of [...ROLES.map((r) => w.A.users[r]!), w.stranger, w.staff.support, w.staff.admin]) expectAnswer(await call(name, u, await argsFor(entry, w.A)), (entry.kind === "user" && entry.answer) || "ok", u.externalId);
    });
    if (entry.kind === "user") it.each(entry.foreign ?? [])("as A's owner passing B's ids ($label): answered exactly like a missing id", (c) => expectForeign(name, c));
    it("signed out: refused", async () => expectAnswer(await call(name, null, await argsFor(entry, w.A)), "UNAUTHENTICATED", "signed out"));
  } else if (entry.kind === "staff") {
    it("tenant members and strangers: NOT_FOUND; signed out: refused", async () => {
      for (const u of [w.A.users.owner!, w.stranger]) expectAnswer(await call(name, u, await argsFor(entry, w.A)), "NOT_FOUND", u.externalId);
      expect((await call(name, null, await argsFor(entry, w.A))).ok).toBe(false);
    });
    it("support: reads only; admin: as the entry says", async () => {
      expectAnswer(await call(name, w.staff.support, await argsFor(entry, w.A)), entry.write ? "FORBIDDEN" : "ok", "support");
      expectAnswer(await call(name, w.staff.admin, await argsFor(entry, w.A)), entry.admin ?? "ok", "admin");
    });
  } else {
    it("without the system secret: refused, signed in or not; with it: allowed", async () => {
      for (const u of [null, w.A.users.owner!, w.staff.admin]) expectAnswer(await call(name, u, { ...(await argsFor(entry, w.A)), secret: "wrong-secret-wrong-secret" }), "UNAUTHENTICATED", "wrong secret");
      expectAnswer(await call(name, null, { ...(await argsFor(entry, w.A)), secret: SYSTEM_SECRET }), "ok", "system");
    });
  }
});

it("tenant B's rows are exactly as they were before the matrix ran", async () => {
  expect(await tenantRows(t, w.B.id)).toEqual(bBefore);
});
