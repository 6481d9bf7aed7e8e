// @vitest-environment edge-runtime
import { convexTest } from "convex-test";
import { beforeEach, describe, expect, it } from "vitest";
import schema from "../../convex/schema";
import { api } from "../../convex/_generated/api";
import { addTenant, addUser, as, refusal, type T, type Tenant } from "./world";

const modules = import.meta.glob("../../convex/**/*.ts");
let t: T;
let acme: Tenant;

beforeEach(async () => {
  t = convexTest(schema, modules);
  acme = await addTenant(t, "acme");
});

const invitations = () => t.run((ctx) => ctx.db.query("invitations").collect());

describe("invite, accept, resend, revoke", () => {
  it("an invited email accepts the link and joins with the invited role", async () => {
    const { token } = await as(t, acme.users.admin).mutation(api.portal.invitations.invites.create, {
      slug: "acme",
      email: " New.Person@Example.test ",
      role: "member",
    });
    const invitee = await addUser(t, "new.person");
    expect(await as(t, invitee).query(api.portal.invitations.links.preview, { token })).toMatchObject({
      state: "ready",
      slug: "acme",
      role: "member",
    });
    expect(await as(t, invitee).mutation(api.portal.invitations.links.accept, { token })).toEqual({ slug: "acme", alreadyMember: false });
    const members = await as(t, invitee).query(api.portal.team.members, { slug: "acme" });
    expect(members.find((m) => m.isYou)?.role).toBe("member");
    expect((await invitations())[0].status).toBe("accepted");
    // The link is spent: using it again just says you are in.
    expect(await as(t, invitee).mutation(api.portal.invitations.links.accept, { token })).toEqual({ slug: "acme", alreadyMember: true });
  });

  it("only the invited email can accept; a tampered token is a dead link", async () => {
    const { token } = await as(t, acme.users.owner).mutation(api.portal.invitations.invites.create, {
      slug: "acme",
      email: "right@example.test",
      role: "viewer",
    });
    const wrong = await addUser(t, "wrong");
    expect((await as(t, wrong).query(api.portal.invitations.links.preview, { token })).state).toBe("wrong_user");
    expect((await refusal(as(t, wrong).mutation(api.portal.invitations.links.accept, { token }))).code).toBe("FORBIDDEN");
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    expect(await as(t, wrong).query(api.portal.invitations.links.preview, { token: tampered })).toEqual({ state: "invalid" });
    expect(await as(t, wrong).query(api.portal.invitations.links.preview, { token: "garbage" })).toEqual({ state: "invalid" });
  });

  it("resend rotates the link; revoke kills it", async () => {
    const first = await as(t, acme.users.owner).mutation(api.portal.invitations.invites.create, {
      slug: "acme",
      email: "later@example.test",
      role: "member",
    });
    const second = await as(t, acme.users.owner).mutation(api.portal.invitations.invites.resend, {
      slug: "acme",
      invitationId: first.invitationId,
    });
    const invitee = await addUser(t, "later");
    expect((await as(t, invitee).query(api.portal.invitations.links.preview, { token: first.token })).state).toBe("invalid");
    expect((await as(t, invitee).query(api.portal.invitations.links.preview, { token: second.token })).state).toBe("ready");
    await as(t, acme.users.owner).mutation(api.portal.invitations.invites.revoke, { slug: "acme", invitationId: first.invitationId });
    expect((await refusal(as(t, invitee).mutation(api.portal.invitations.links.accept, { token: second.token }))).code).toBe("NOT_FOUND");
    expect(await as(t, acme.users.owner).query(api.portal.invitations.invites.pending, { slug: "acme" })).toEqual([]);
  });

  it("refuses bad input with the field, and changes nothing", async () => {
    const owner = as(t, acme.users.owner);
    expect(
      await refusal(owner.mutation(api.portal.invitations.invites.create, { slug: "acme", email: "not-an-email", role: "member" })),
    ).toMatchObject({ code: "INVALID", field: "email" });
    expect(
      await refusal(
        owner.mutation(api.portal.invitations.invites.create, { slug: "acme", email: acme.users.member.email, role: "member" }),
      ),
    ).toMatchObject({ code: "CONFLICT", field: "email" });
    await owner.mutation(api.portal.invitations.invites.create, { slug: "acme", email: "twice@example.test", role: "member" });
    expect(
      await refusal(owner.mutation(api.portal.invitations.invites.create, { slug: "acme", email: "twice@example.test", role: "admin" })),
    ).toMatchObject({ code: "CONFLICT", field: "email" });
    expect(
      await refusal(
        as(t, acme.users.admin).mutation(api.portal.invitations.invites.create, {
          slug: "acme",
          email: "boss@example.test",
          role: "owner",
        }),
      ),
    ).toMatchObject({ code: "FORBIDDEN", field: "role" });
    expect((await invitations()).map((i) => i.email)).toEqual(["twice@example.test"]);
  });

  it("members and viewers cannot invite or see pending invitations", async () => {
    for (const role of ["member", "viewer"] as const) {
      expect(
        (
          await refusal(
            as(t, acme.users[role]).mutation(api.portal.invitations.invites.create, {
              slug: "acme",
              email: "x@example.test",
              role: "viewer",
            }),
          )
        ).code,
      ).toBe("FORBIDDEN");
      expect((await refusal(as(t, acme.users[role]).query(api.portal.invitations.invites.pending, { slug: "acme" }))).code).toBe(
        "FORBIDDEN",
      );
    }
  });
});

describe("CSV import", () => {
  const rows = [
    { line: 2, name: "Ann", email: "ann@example.test", role: "member" },
    { line: 3, name: "Bad", email: "not-an-email", role: "member" },
    { line: 4, name: "Role", email: "role@example.test", role: "superuser" },
    { line: 5, name: "Existing", email: "acme-viewer@example.test", role: "viewer" },
    { line: 6, name: "Ann again", email: "ANN@example.test", role: "admin" },
    { line: 7, name: "Vic", email: "vic@example.test", role: "Viewer" },
  ];
  const outcomes = (results: { outcome: string }[]) => results.map((r) => r.outcome);

  it("check is a dry run that writes nothing", async () => {
    const checked = await as(t, acme.users.admin).query(api.portal.invitations.csvImport.check, { slug: "acme", rows });
    expect(outcomes(checked)).toEqual(["would_invite", "invalid_email", "invalid_role", "already_member", "duplicate", "would_invite"]);
    expect(await invitations()).toEqual([]);
  });

  it("apply invites the good rows and reports every row; re-running changes nothing", async () => {
    const results = await as(t, acme.users.admin).mutation(api.portal.invitations.csvImport.apply, { slug: "acme", rows });
    expect(outcomes(results)).toEqual(["invited", "invalid_email", "invalid_role", "already_member", "duplicate", "invited"]);
    expect((await invitations()).map((i) => [i.email, i.role, i.name])).toEqual([
      ["ann@example.test", "member", "Ann"],
      ["vic@example.test", "viewer", "Vic"],
    ]);
    const again = await as(t, acme.users.admin).mutation(api.portal.invitations.csvImport.apply, { slug: "acme", rows });
    expect(outcomes(again)).toEqual(["already_invited", "invalid_email", "invalid_role", "already_member", "duplicate", "already_invited"]);
    expect(await invitations()).toHaveLength(2);
  });

  it("refuses an oversized batch whole", async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ line: i + 2, name: "", email: `u${i}@example.test`, role: "member" }));
    expect(
      await refusal(as(t, acme.users.owner).mutation(api.portal.invitations.csvImport.apply, { slug: "acme", rows: many })),
    ).toMatchObject({ code: "INVALID", field: "rows" });
    expect(await invitations()).toEqual([]);
  });

  it.each([-1, 0, 1.5])("refuses a row whose line is %s, naming the row, and invites nobody", async (line) => {
    const rows = [
      { line: 2, name: "", email: "fine@example.test", role: "member" },
      { line, name: "", email: "odd@example.test", role: "member" },
    ];
    for (const call of [
      as(t, acme.users.owner).mutation(api.portal.invitations.csvImport.apply, { slug: "acme", rows }),
      as(t, acme.users.owner).query(api.portal.invitations.csvImport.check, { slug: "acme", rows }),
    ]) {
      expect(await refusal(call)).toMatchObject({ code: "INVALID", field: "rows[1].line" });
    }
    expect(await invitations()).toEqual([]);
  });
});
