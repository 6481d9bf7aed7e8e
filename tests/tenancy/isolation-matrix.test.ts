/**
 * The isolation matrix: every exported public function in convex/ (found by
 * importing the modules), called through convex-local's real client as each
 * role of tenant A, as a member of A reaching for tenant B, signed out, as a
 * stranger and as platform staff. Expected answers come from the function's
 * kind (matrix-entries.ts) and the permission map; B must never show through.
 * One more column for ids from outside systems (support/external-ids.ts): every
 * argument that carries one is declared with its door, and B's outside ids
 * change nothing and are answered like ids no tenant has.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, ROLES, type Role } from "../../lib/domain/permissions";
import { PORTAL_ENTRIES, type Entry, type ForeignCase, type ForeignIds, type World } from "./matrix-entries";
import { PLATFORM_ENTRIES } from "./matrix-entries-platform";
import { WORKSPACE_ENTRIES } from "../workspace/matrix-entries";
import { publicFunctions, sampleValue } from "./support/functions";
import { outcome, show, startLocal, SYSTEM_SECRET, type Outcome } from "./support/local";
import { tenantRows, type SeededTenant, type SeededUser } from "./support/world";
import { matrixWorld } from "./support/matrix-world";
import { externalIdArgs, externalIdProblems, kindOf, withValueAt, type ExternalIds } from "./support/external-ids";

const FUNCTIONS = publicFunctions();
const ENTRIES: Record<string, Entry> = { ...PORTAL_ENTRIES, ...PLATFORM_ENTRIES, ...WORKSPACE_ENTRIES };
let t: Awaited<ReturnType<typeof startLocal>>;
let w: World;
let foreignIds: ForeignIds;
let missing: ForeignIds;
let bExternal: ExternalIds;
let missingExternal: ExternalIds;
let bMarkers: string[];
let bBefore: Record<string, unknown[]>;
let storageId: string;

const as = (u: SeededUser | null) => (u ? t.withIdentity({ subject: u.externalId, email: u.email, name: u.externalId }) : t);
const call = async (name: string, u: SeededUser | null, args: Record<string, unknown>) =>
  outcome(as(u), FUNCTIONS.find((f) => f.name === name)!.kind, name, args as never);

/** Nothing of tenant B (ids, names, slugs, emails) in a result or an error. */
function expectNoLeak(o: Outcome, label: string) {
  const text = o.ok ? JSON.stringify(o.value ?? null) : o.text;
  expect(
    bMarkers.filter((m) => text.includes(m)),
    `${label} leaked tenant B: ${show(o)}`,
  ).toEqual([]);
}
/** `platformWide`: a staff answer about every tenant, where B belongs. */
function expectAnswer(o: Outcome, expected: string | string[], label: string, platformWide = false) {
  expect([expected].flat(), `${label}: ${show(o)}`).toContain(o.ok ? "ok" : o.code);
  if (!platformWide) expectNoLeak(o, label);
}
const argsFor = async (entry: Entry, a: SeededTenant, slug?: string) => ({ ...(await entry.args?.(w, a)), ...(slug ? { slug } : {}) });

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
  ({ w, foreignIds, missing, bExternal, missingExternal, storageId, bBefore, bMarkers } = await matrixWorld(t));
});
afterAll(async () => t?.dispose());

it("every exported public function has a matrix entry, and every entry a function", () => {
  const names = FUNCTIONS.map((f) => f.name);
  expect(
    names.filter((n) => !ENTRIES[n]),
    "public functions without an entry in tests/tenancy/matrix-entries*.ts",
  ).toEqual([]);
  expect(
    Object.keys(ENTRIES).filter((n) => !names.includes(n)),
    "entries for functions that no longer exist",
  ).toEqual([]);
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
    it.each(entry.foreign ?? [])("as A's owner passing B's ids ($label): answered exactly like a missing id", (c) =>
      expectForeign(name, c, w.A.slug),
    );
    it("signed out, and signed in as a non-member: refused", async () => {
      for (const u of [null, w.stranger])
        expectAnswer(
          await call(name, u, await argsFor(entry, w.A, w.A.slug)),
          ["NOT_FOUND", "UNAUTHENTICATED"],
          u ? "stranger" : "signed out",
        );
    });
    it("as platform staff (support, admin): a read-only view as the tenant", async () => {
      // Staff read every page an owner reads (billing, settings and API keys included) and write nothing.
      const expected = !entry.write && can("owner", entry.permission) ? "ok" : "FORBIDDEN";
      for (const u of [w.staff.support, w.staff.admin])
        expectAnswer(await call(name, u, await argsFor(entry, w.A, w.A.slug)), expected, u.externalId);
    });
  } else if (entry.kind === "user" || entry.kind === "identity") {
    it("as every role of A, a stranger and staff: answered, with nothing of B", async () => {
      for (const u of [...ROLES.map((r) => w.A.users[r]!), w.stranger, w.staff.support, w.staff.admin])
        expectAnswer(await call(name, u, await argsFor(entry, w.A)), (entry.kind === "user" && entry.answer) || "ok", u.externalId);
    });
    if (entry.kind === "user")
      it.each(entry.foreign ?? [])("as A's owner passing B's ids ($label): answered exactly like a missing id", (c) =>
        expectForeign(name, c),
      );
    it("signed out: refused", async () => expectAnswer(await call(name, null, await argsFor(entry, w.A)), "UNAUTHENTICATED", "signed out"));
  } else if (entry.kind === "staff") {
    const target = () => (entry.fresh ? w.freshTenant() : Promise.resolve(w.A));
    it("tenant members and strangers: NOT_FOUND; signed out: refused", async () => {
      for (const u of [w.A.users.owner!, w.stranger])
        expectAnswer(await call(name, u, await argsFor(entry, await target())), "NOT_FOUND", u.externalId);
      expectAnswer(await call(name, null, await argsFor(entry, await target())), ["NOT_FOUND", "UNAUTHENTICATED"], "signed out");
    });
    it("support: reads only; admin: acts", async () => {
      expectAnswer(
        await call(name, w.staff.support, await argsFor(entry, await target())),
        entry.support ?? (entry.write ? "FORBIDDEN" : "ok"),
        "support",
        true,
      );
      expectAnswer(await call(name, w.staff.admin, await argsFor(entry, await target())), entry.admin ?? "ok", "admin", true);
    });
  } else {
    const fn = FUNCTIONS.find((f) => f.name === name)!;
    const args = async () =>
      entry.args
        ? await entry.args(w, w.A)
        : (sampleValue(fn.args, { tenants: w.A.id, agents: w.A.agentIds[0], users: w.A.users.owner!.id, _storage: storageId }) as Record<
            string,
            unknown
          >);
    it("without the system secret: refused, signed in or not; with it: answered", async () => {
      for (const u of [null, w.A.users.owner!, w.staff.admin])
        expectAnswer(await call(name, u, { ...(await args()), secret: "wrong-secret-wrong-secret" }), "UNAUTHENTICATED", "wrong secret");
      // With the secret the call passes the door; what it then answers is the function's business, but never a crash.
      const o = await call(name, null, { ...(await args()), secret: SYSTEM_SECRET });
      expect(o.ok || o.code !== "ERROR", `system: ${show(o)}`).toBe(true);
      expectNoLeak(o, "system");
    });
  }
});

describe("ids from outside systems (Stripe, Clerk, Svix)", () => {
  it("every public function that takes one declares it (externalIds), behind a door that fits: system, staff, or an ownership check", () => {
    expect(
      FUNCTIONS.flatMap((f) => externalIdProblems(f, ENTRIES[f.name])),
      "see tests/tenancy/support/external-ids.ts and docs/security.md",
    ).toEqual([]);
  });

  it("the check fails a function like the old billing:attachCustomer (a tenant mutation storing a customer id it was sent)", () => {
    const string = { fieldType: { type: "string" }, optional: false };
    const attach = { name: "billing/account:attachCustomer", args: { type: "object", value: { slug: string, customerId: string } } };
    expect(externalIdProblems(attach, { kind: "tenant" })).toEqual([
      "billing/account:attachCustomer: customerId takes an external id without an externalIds declaration",
    ]);
    expect(externalIdProblems(attach, { kind: "tenant", externalIds: { customerId: "system" } })).toEqual([
      'billing/account:attachCustomer: customerId is declared "system" but the function sits behind the tenant door',
    ]);
    // Nested snapshots, free-form data and Clerk subjects are found too.
    const nested = {
      name: "x:y",
      args: {
        type: "object",
        value: {
          invoice: { fieldType: { type: "object", value: { id: string, customerId: string, number: string } }, optional: false },
          data: { fieldType: { type: "any" }, optional: false },
          subject: string,
        },
      },
    };
    expect(externalIdArgs(nested).sort()).toEqual(["data", "invoice.customerId", "invoice.id", "subject"]);
  });

  const cases = FUNCTIONS.flatMap((fn) =>
    Object.entries(ENTRIES[fn.name]?.externalIds ?? {}).map(([path, door]) => ({ name: fn.name, fn, path, door, kind: kindOf(path) })),
  );
  it.each(cases)(
    "$name $path ($door): B's $kind changes nothing and is answered like one nobody has",
    async ({ name, fn, path, door, kind }) => {
      const entry = ENTRIES[name];
      const base = async () => ({
        ...(entry.args
          ? await entry.args(w, w.A)
          : (sampleValue(fn.args, { tenants: w.A.id, agents: w.A.agentIds[0], users: w.A.users.owner!.id, _storage: storageId }) as Record<
              string,
              never
            >)),
        ...(entry.kind === "tenant" ? { slug: w.A.slug } : {}),
      });
      const withId = async (id: string) => withValueAt(await base(), path, id);
      const foreignArgs = await withId(bExternal[kind]);
      if (!foreignArgs) return; // an id inside a list: the entry's door check above covers it
      const before = await tenantRows(t, w.B.id);
      if (door === "system") {
        // Whoever holds no system secret (a signed-in owner of A here) cannot hand Convex B's outside ids.
        const unsigned = await call(name, w.A.users.owner!, foreignArgs); // Convex's validation error echoes the caller's own arguments
        expect(unsigned.ok, `${name} without a secret: ${show(unsigned)}`).toBe(false);
        expectAnswer(
          await call(name, w.A.users.owner!, { ...foreignArgs, secret: "wrong-secret-wrong-secret" }),
          "UNAUTHENTICATED",
          `${name} with a wrong secret`,
        );
      } else {
        const foreign = await call(name, w.A.users.owner!, foreignArgs);
        const absent = await call(name, w.A.users.owner!, (await withId(missingExternal[kind]))!);
        expectAnswer(foreign, "NOT_FOUND", `A's owner with B's ${kind}`);
        expect(absent.ok ? "ok" : absent.code).toBe("NOT_FOUND");
        if (!foreign.ok && !absent.ok) expect(foreign.message).toBe(absent.message);
      }
      expect(await tenantRows(t, w.B.id)).toEqual(before);
    },
  );
});

it("tenant B's rows are exactly as they were before the matrix ran", async () => {
  expect(await tenantRows(t, w.B.id)).toEqual(bBefore);
});
