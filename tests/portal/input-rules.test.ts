// @vitest-environment edge-runtime
/**
 * Issue 12's input findings through the real functions (convex-test): paging
 * options are checked like any argument, one slug rule for every path that
 * names a workspace, a template applies only what the caller may do itself,
 * and no user-visible string takes control, bidi or unpaired-surrogate
 * characters. Each refusal is INVALID/FORBIDDEN naming the field, and writes nothing.
 */
import { convexTest } from "convex-test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { TENANT_TABLES, PLATFORM_TABLES } from "../../convex/lib/tables";
import { addTenant, addUser, as, refusal, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  acme = await addTenant(t, "acme");
});

/** Every row of every table, to prove a refusal wrote nothing. */
const snapshot = () =>
  t.run(async (ctx) =>
    Promise.all(
      [...TENANT_TABLES, ...PLATFORM_TABLES, "memberships", "slugRedirects", "invitations"].map((table) =>
        ctx.db.query(table as "tenants").collect(),
      ),
    ),
  );

async function refusedWithoutWrites(call: () => Promise<unknown>) {
  const before = await snapshot();
  const answer = await refusal(call());
  expect(await snapshot()).toEqual(before);
  return answer;
}

describe("paging options", () => {
  const list = (paginationOpts: { numItems: number; cursor: string | null }) =>
    as(t, acme.users.viewer).query(api.portal.agents.list, { slug: "acme", paginationOpts });

  it("portal/agents:list refuses a page size that is not a whole number from 1 to the maximum, naming the field", async () => {
    for (const numItems of [-1, 0, 1.5, Number.NaN, 1e9]) {
      expect(await refusal(list({ numItems, cursor: null }))).toMatchObject({ code: "INVALID", field: "paginationOpts.numItems" });
    }
    expect((await list({ numItems: 1, cursor: null })).page).toHaveLength(1);
  });

  it("a cursor the database cannot read is INVALID, not a server error", async () => {
    expect(await refusal(list({ numItems: 5, cursor: "not-a-cursor" }))).toMatchObject({ code: "INVALID", field: "paginationOpts.cursor" });
    const first = await list({ numItems: 1, cursor: null });
    expect((await list({ numItems: 1, cursor: first.continueCursor })).page).toHaveLength(1);
  });

  it("the export pages use the same check, with their top-level fields", async () => {
    const page = (numItems: number, cursor: string | null) =>
      as(t, acme.users.admin).query(api.portal.exports.page, { slug: "acme", table: "agents", numItems, cursor });
    for (const numItems of [-1, 0, 1.5, 1e6])
      expect(await refusal(page(numItems, null))).toMatchObject({ code: "INVALID", field: "numItems" });
    expect(await refusal(page(10, "not-a-cursor"))).toMatchObject({ code: "INVALID", field: "cursor" });
    expect((await page(10, null)).rows.length).toBeGreaterThan(0);
  });

  it("the overview's recent conversations take a limit by the same rule", async () => {
    for (const limit of [-1, 0, 2.5, Number.NaN, 21]) {
      expect(await refusal(as(t, acme.users.viewer).query(api.portal.conversations.recent, { slug: "acme", limit }))).toMatchObject({
        code: "INVALID",
        field: "limit",
      });
    }
    expect(await as(t, acme.users.viewer).query(api.portal.conversations.recent, { slug: "acme", limit: 20 })).toEqual([]);
  });

  it("the staff lists use the same check", async () => {
    const staff = as(t, await addUser(t, "staff", "admin"));
    expect(
      await refusal(staff.query(api.admin.export.page, { tenantId: acme.id, table: "agents", numItems: -1, cursor: null })),
    ).toMatchObject({ code: "INVALID", field: "numItems" });
    expect(
      await refusal(staff.query(api.admin.export.page, { tenantId: acme.id, table: "agents", numItems: 5, cursor: "not-a-cursor" })),
    ).toMatchObject({ code: "INVALID", field: "cursor" });
    for (const pageSize of [-1, 0, 2.5, 1e6]) {
      expect(await refusal(staff.query(api.admin.audit.list, { pageSize }))).toMatchObject({ code: "INVALID", field: "pageSize" });
      expect(await refusal(staff.query(api.admin.tenants.list, { pageSize }))).toMatchObject({ code: "INVALID", field: "pageSize" });
      expect(await refusal(staff.query(api.admin.webhooks.list, { pageSize }))).toMatchObject({ code: "INVALID", field: "pageSize" });
    }
  });
});

describe("one slug rule", () => {
  it("every path that creates or renames a workspace refuses the reserved words", async () => {
    const someone = as(t, await addUser(t, "someone"));
    for (const slug of ["invite", "restore", "admin", "api"]) {
      expect(
        await refusedWithoutWrites(() => someone.mutation(api.account.tenants.create, { name: "Reserved", slug, plan: "starter" })),
      ).toMatchObject({ code: "INVALID", field: "slug" });
      expect(
        await refusedWithoutWrites(() =>
          someone.mutation(api.portal.onboarding.create, { name: "Reserved", slug, plan: "starter", start: { kind: "empty" } }),
        ),
      ).toMatchObject({ code: "INVALID", field: "slug" });
      expect(
        await refusedWithoutWrites(() => as(t, acme.users.owner).mutation(api.portal.settings.changeSlug, { slug: "acme", newSlug: slug })),
      ).toMatchObject({ code: "INVALID", field: "newSlug" });
      expect(await someone.query(api.portal.onboarding.slugAvailable, { slug })).toMatchObject({ available: false });
    }
    expect(await someone.mutation(api.account.tenants.create, { name: "Fine", slug: "invite-co", plan: "starter" })).toEqual({
      slug: "invite-co",
    });
  });

  it("the Clerk mirror does not create a workspace under a slug the app refuses", async () => {
    process.env.TENANTRY_SYSTEM_SECRET = "input-rules-system-secret-0123456789";
    const created = (id: string, slug: string) =>
      t.mutation(api.webhooks.clerk.apply, {
        secret: process.env.TENANTRY_SYSTEM_SECRET!,
        eventId: `evt_${id}`,
        type: "organization.created",
        data: { id, name: "Org", slug },
        created: Date.now(),
      });
    const slugs = async () => (await t.run((ctx) => ctx.db.query("tenants").collect())).map((x) => x.slug).sort();
    await created("org_reserved", "restore");
    await created("org_bad", "Bad_Slug");
    expect(await slugs()).toEqual(["acme"]);
    await created("org_good", "good-org");
    expect(await slugs()).toEqual(["acme", "good-org"]);
  });
});

describe("templates", () => {
  it("a member cannot create a department through a template; an admin can", async () => {
    // Without a Support department, applying the template would create one (departments:create needs settings.manage).
    await t.run((ctx) => ctx.db.patch(acme.departmentId, { name: "Operations" }));
    expect(
      (
        await refusal(
          as(t, acme.users.member).mutation(api.portal.departments.create, { slug: "acme", name: "Support", costCenter: "CC-1" }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      await refusedWithoutWrites(() =>
        as(t, acme.users.member).mutation(api.portal.templates.apply, { slug: "acme", template: "customer-support" }),
      ),
    ).toMatchObject({ code: "FORBIDDEN", field: "template" });
    const result = await as(t, acme.users.admin).mutation(api.portal.templates.apply, { slug: "acme", template: "customer-support" });
    expect(result.agents).toBe(3);
    expect((await as(t, acme.users.member).query(api.portal.departments.list, { slug: "acme" })).map((d) => d.name).sort()).toEqual([
      "Operations",
      "Support",
    ]);
  });

  it("with the department in place, a member may add the agents (agents:create is theirs)", async () => {
    expect(
      (await as(t, acme.users.member).mutation(api.portal.templates.apply, { slug: "acme", template: "customer-support" })).agents,
    ).toBe(3);
  });
});

describe("user-visible strings", () => {
  const BAD = [
    "Acme\u0000Corp",
    "Invoice\u202Eexe.pdf",
    "Left\u202Aembed",
    "Iso\u2066late",
    "Mark\u200Fed",
    "Arabic\u061Cmark",
    "Lone \ud800 high",
    "Lone \udc00 low",
    "Tab\there",
    "Bell\u0007",
    "Del\u007f",
    "Next\u0085line",
  ];

  it("names, emails and reasons refuse control, bidi and unpaired surrogate characters, naming the field", async () => {
    const owner = as(t, acme.users.owner);
    const someone = as(t, await addUser(t, "someone"));
    const staff = as(t, await addUser(t, "staff", "admin"));
    const agentId = acme.agentIds[0];
    for (const bad of BAD) {
      const email = `bill${bad}@acme.test`;
      const calls: [() => Promise<unknown>, string][] = [
        [() => someone.mutation(api.account.tenants.create, { name: bad, slug: "new-co", plan: "starter" }), "name"],
        [
          () => someone.mutation(api.account.tenants.create, { name: "New Co", slug: "new-co", plan: "starter", billingEmail: email }),
          "billingEmail",
        ],
        [
          () => someone.mutation(api.portal.onboarding.create, { name: bad, slug: "new-co", plan: "starter", start: { kind: "empty" } }),
          "name",
        ],
        [
          () =>
            someone.mutation(api.portal.onboarding.create, {
              name: "New Co",
              slug: "new-co",
              plan: "starter",
              billingEmail: email,
              start: { kind: "empty" },
            }),
          "billingEmail",
        ],
        [
          () =>
            someone.mutation(api.portal.onboarding.create, {
              name: "New Co",
              slug: "new-co",
              plan: "starter",
              start: { kind: "agent", name: bad, model: "claude-haiku-4-5" },
            }),
          "agentName",
        ],
        [
          () =>
            owner.mutation(api.portal.settings.update, { slug: "acme", name: bad, billingEmail: "ok@acme.test", monthlyBudgetCents: null }),
          "name",
        ],
        [
          () => owner.mutation(api.portal.settings.update, { slug: "acme", name: "Acme", billingEmail: email, monthlyBudgetCents: null }),
          "billingEmail",
        ],
        [() => owner.mutation(api.portal.agents.create, { slug: "acme", name: bad, model: "claude-haiku-4-5" }), "name"],
        [() => owner.mutation(api.portal.agents.update, { slug: "acme", agentId, name: bad }), "name"],
        [() => owner.mutation(api.portal.departments.create, { slug: "acme", name: bad, costCenter: "CC-9" }), "name"],
        [
          () =>
            owner.mutation(api.portal.departments.update, { slug: "acme", departmentId: acme.departmentId, name: bad, costCenter: "CC-9" }),
          "name",
        ],
        [() => owner.mutation(api.portal.invitations.invites.create, { slug: "acme", email, role: "member" }), "email"],
        [() => staff.mutation(api.admin.actions.suspend, { tenantId: acme.id, reason: `Abuse ${bad}` }), "reason"],
      ];
      for (const [call, field] of calls) {
        const answer = await refusedWithoutWrites(call);
        expect(answer, `${field} with ${JSON.stringify(bad)}`).toMatchObject({ code: "INVALID", field });
        expect(answer.message).toMatch(/control or text-direction character \(U\+[0-9A-F]{4}\)|valid email/);
      }
    }
  });

  it("a CSV row with such a name is reported as invalid_name and not invited", async () => {
    const rows = BAD.map((name, i) => ({ line: i + 2, name, email: `p${i}@example.test`, role: "member" }));
    const results = await as(t, acme.users.admin).mutation(api.portal.invitations.csvImport.apply, { slug: "acme", rows });
    expect(new Set(results.map((r) => r.outcome))).toEqual(new Set(["invalid_name"]));
    expect(await t.run((ctx) => ctx.db.query("invitations").collect())).toEqual([]);
  });

  it("a sign-in whose display name carries such characters is listed under its email instead", async () => {
    const id = await t
      .withIdentity({ subject: "ext-spoof", email: "spoof@example.test", name: "Admin\u202Eputs" })
      .mutation(api.account.users.ensureMe, {});
    expect((await t.run((ctx) => ctx.db.get(id)))?.name).toBe("spoof@example.test");
    const fine = await t
      .withIdentity({ subject: "ext-fine", email: "fine@example.test", name: " Zoë Ng " })
      .mutation(api.account.users.ensureMe, {});
    expect((await t.run((ctx) => ctx.db.get(fine)))?.name).toBe("Zoë Ng");
  });

  it("ordinary text with accents, emoji and right-to-left scripts passes", async () => {
    const owner = as(t, acme.users.owner);
    await owner.mutation(api.portal.settings.update, {
      slug: "acme",
      name: "Café Ünïcode 🚀 שלום",
      billingEmail: "ok@acme.test",
      monthlyBudgetCents: null,
    });
    expect((await owner.query(api.portal.settings.get, { slug: "acme" })).name).toBe("Café Ünïcode 🚀 שלום");
  });
});
