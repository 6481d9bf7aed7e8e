// @vitest-environment edge-runtime
import { convexTest } from "convex-test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { addTenant, addUser, as, refusal, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;
let other: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  acme = await addTenant(t, "acme");
  other = await addTenant(t, "other");
});

const membershipOf = (tenant: Tenant, role: keyof Tenant["users"]) =>
  t.run(
    async (ctx) =>
      (await ctx.db
        .query("memberships")
        .withIndex("by_tenant_user", (q) => q.eq("tenantId", tenant.id).eq("userId", tenant.users[role].id))
        .unique())!,
  );
const memberCount = (tenant: Tenant) =>
  t.run(
    async (ctx) =>
      (await ctx.db
        .query("tenantCounters")
        .withIndex("by_tenant", (q) => q.eq("tenantId", tenant.id))
        .unique())!.members,
  );

describe("members", () => {
  it("lists this tenant's members only, owners first, marking the caller", async () => {
    const rows = await as(t, acme.users.viewer).query(api.portal.team.members, { slug: "acme" });
    expect(rows.map((r) => r.role)).toEqual(["owner", "admin", "member", "viewer"]);
    expect(rows.map((r) => r.email)).not.toContain(other.users.owner.email);
    expect(rows.find((r) => r.isYou)?.email).toBe(acme.users.viewer.email);
  });

  it("refuses outsiders exactly like a missing tenant", async () => {
    const outsider = await refusal(as(t, other.users.owner).query(api.portal.team.members, { slug: "acme" }));
    const missing = await refusal(as(t, other.users.owner).query(api.portal.team.members, { slug: "nope" }));
    expect(outsider).toEqual(missing);
    expect(outsider.code).toBe("NOT_FOUND");
  });
});

describe("last-owner protection", () => {
  it("the only owner can neither leave, be demoted nor be removed", async () => {
    const owner = await membershipOf(acme, "owner");
    expect((await refusal(as(t, acme.users.owner).mutation(api.portal.team.leave, { slug: "acme" }))).code).toBe("CONFLICT");
    expect(
      (
        await refusal(
          as(t, acme.users.owner).mutation(api.portal.team.changeRole, { slug: "acme", membershipId: owner._id, role: "admin" }),
        )
      ).code,
    ).toBe("CONFLICT");
    expect((await refusal(as(t, acme.users.owner).mutation(api.portal.team.remove, { slug: "acme", membershipId: owner._id }))).code).toBe(
      "CONFLICT",
    );
    expect((await membershipOf(acme, "owner")).role).toBe("owner");
  });

  it("with a second owner, the first may step down", async () => {
    const admin = await membershipOf(acme, "admin");
    await as(t, acme.users.owner).mutation(api.portal.team.changeRole, { slug: "acme", membershipId: admin._id, role: "owner" });
    await as(t, acme.users.owner).mutation(api.portal.team.leave, { slug: "acme" });
    expect(await memberCount(acme)).toBe(3);
    expect((await refusal(as(t, acme.users.owner).query(api.portal.team.members, { slug: "acme" }))).code).toBe("NOT_FOUND");
  });
});

describe("role changes and removal", () => {
  it("an admin cannot touch owners or create one", async () => {
    const owner = await membershipOf(acme, "owner");
    const member = await membershipOf(acme, "member");
    expect((await refusal(as(t, acme.users.admin).mutation(api.portal.team.remove, { slug: "acme", membershipId: owner._id }))).code).toBe(
      "FORBIDDEN",
    );
    const promote = await refusal(
      as(t, acme.users.admin).mutation(api.portal.team.changeRole, { slug: "acme", membershipId: member._id, role: "owner" }),
    );
    expect(promote).toMatchObject({ code: "FORBIDDEN", field: "role" });
    await as(t, acme.users.admin).mutation(api.portal.team.changeRole, { slug: "acme", membershipId: member._id, role: "viewer" });
    expect((await membershipOf(acme, "member")).role).toBe("viewer");
  });

  it("a removed member loses access at once and the counter follows", async () => {
    const member = await membershipOf(acme, "member");
    await as(t, acme.users.owner).mutation(api.portal.team.remove, { slug: "acme", membershipId: member._id });
    expect(await memberCount(acme)).toBe(3);
    expect(
      (
        await refusal(
          as(t, acme.users.member).query(api.portal.agents.list, { slug: "acme", paginationOpts: { numItems: 10, cursor: null } }),
        )
      ).code,
    ).toBe("NOT_FOUND");
  });

  it("members and viewers cannot manage the team", async () => {
    const admin = await membershipOf(acme, "admin");
    for (const role of ["member", "viewer"] as const) {
      expect(
        (await refusal(as(t, acme.users[role]).mutation(api.portal.team.remove, { slug: "acme", membershipId: admin._id }))).code,
      ).toBe("FORBIDDEN");
    }
  });

  it("another tenant's membership id reads as not found and changes nothing", async () => {
    const foreign = await membershipOf(other, "member");
    expect(
      (await refusal(as(t, acme.users.owner).mutation(api.portal.team.remove, { slug: "acme", membershipId: foreign._id }))).code,
    ).toBe("NOT_FOUND");
    expect((await membershipOf(other, "member")).role).toBe("member");
  });

  it("staff viewing as tenant cannot change anything", async () => {
    const staff = await addUser(t, "staff", "admin");
    const member = await membershipOf(acme, "member");
    expect((await as(t, staff).query(api.portal.team.members, { slug: "acme" })).length).toBe(4);
    expect((await refusal(as(t, staff).mutation(api.portal.team.remove, { slug: "acme", membershipId: member._id }))).code).toBe(
      "FORBIDDEN",
    );
  });
});
