/**
 * Exports built in the background, end to end: an owner asks, a scheduled Convex action
 * stores the file in convex-local's storage, the owner gets the "export ready" email over
 * SMTP with a link, and the file behind it holds this workspace's rows only. Downloads are
 * for the workspace's owners and admins while the link is valid; after 7 days the file is
 * deleted and the export reads expired.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, internal } from "../../convex/_generated/api";
import { as, APP_URL, eventually, seedTenant, startWorld, type Seeded, type World } from "./world";

let w: World;
let acme: Seeded;
let globex: Seeded;
beforeAll(async () => {
  w = await startWorld("exports");
  acme = await seedTenant(w.t, "acme-export");
  globex = await seedTenant(w.t, "globex-export");
});
afterAll(() => w.dispose());

type Listed = { id: string; state: string; rows: number | null; expiresAt: number | null };
const list = (user: { externalId: string }) =>
  as(w.t, user).query(api.portal.dataExports.list, { slug: "acme-export" }) as Promise<Listed[]>;

describe("export ready", () => {
  let exportId: string;

  it("only owners and admins may ask; the asker gets the email with a link to the file, the others an in-app notice", async () => {
    await expect(as(w.t, acme.users.member).mutation(api.portal.dataExports.request, { slug: "acme-export" })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
    ({ id: exportId } = await as(w.t, acme.users.owner).mutation(api.portal.dataExports.request, { slug: "acme-export" }));
    const mail = await eventually(async () => {
      const got = (await w.mail()).filter((m) => m.subject === "acme-export Inc: Your data export is ready");
      expect(got).toHaveLength(1);
      return got[0];
    }, 20_000);
    expect(mail.to).toEqual([acme.users.owner.email]);
    expect(mail.text).toContain(`${APP_URL}/t/acme-export/settings/exports/${exportId}`);
    expect(mail.text).toMatch(/The download link works until/);
    // The admin may download it too and sees it in the bell, but the email went to the asker only.
    expect((await w.mail()).filter((m) => m.to.includes(acme.users.admin.email))).toHaveLength(0);
    const notes = (await as(w.t, acme.users.admin).query(api.notifications.center.list, { slug: "acme-export" })) as { title: string }[];
    expect(notes.map((n) => n.title)).toContain("Your data export is ready");
    const [row] = await list(acme.users.admin);
    expect(row).toMatchObject({ id: exportId, state: "ready" });
    expect(row.expiresAt! - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
  });

  it("the file behind the link is this workspace's complete export, secrets redacted", async () => {
    const file = await as(w.t, acme.users.admin).query(api.portal.dataExports.download, { slug: "acme-export", id: exportId });
    expect(file.filename).toMatch(/^acme-export-export-\d{4}-\d{2}-\d{2}\.json$/);
    const body = await (await fetch(file.url)).json();
    expect(body).toMatchObject({ format: "tenantry-export/v1", complete: true, tenant: { slug: "acme-export" } });
    expect(body.requestedBy).toBe(acme.users.owner.email);
    const members = body.tables.memberships as { tenantId: string }[];
    expect(members).toHaveLength(4);
    for (const rows of Object.values(body.tables) as { tenantId: string }[][]) expect(rows.every((r) => r.tenantId === acme.id)).toBe(true);
    expect(body.counts.memberships).toBe(4);
  });

  it("is nobody else's: members, other workspaces and unknown ids get nothing", async () => {
    await expect(
      as(w.t, acme.users.member).query(api.portal.dataExports.download, { slug: "acme-export", id: exportId }),
    ).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    // Globex's owner, through its own workspace: the id names no export there.
    await expect(
      as(w.t, globex.users.owner).query(api.portal.dataExports.download, { slug: "globex-export", id: exportId }),
    ).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
    await expect(
      as(w.t, globex.users.owner).query(api.portal.dataExports.download, { slug: "acme-export", id: exportId }),
    ).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
    await expect(
      as(w.t, acme.users.owner).query(api.portal.dataExports.download, { slug: "acme-export", id: "nope" }),
    ).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });

  it("expires after 7 days: the file is deleted and the link refused", async () => {
    const file = await as(w.t, acme.users.owner).query(api.portal.dataExports.download, { slug: "acme-export", id: exportId });
    const storageId = await w.t.run(async (ctx) => {
      const row = (await ctx.db.get(exportId as never)) as { storageId: string };
      await ctx.db.patch(exportId as never, { expiresAt: Date.now() - 1 } as never);
      return row.storageId;
    });
    // Past its time it reads expired at once, before the job runs.
    expect((await list(acme.users.owner))[0].state).toBe("expired");
    await w.t.mutation(internal.portal.dataExports.expire, { exportId: exportId as never, storageId: storageId as never });
    await expect(
      as(w.t, acme.users.owner).query(api.portal.dataExports.download, { slug: "acme-export", id: exportId }),
    ).rejects.toMatchObject({ data: { code: "CONFLICT", message: expect.stringMatching(/expired/) } });
    expect((await fetch(file.url)).ok).toBe(false);
    expect((await list(acme.users.owner))[0].state).toBe("expired");
  });

  it("prepares one export at a time", async () => {
    await w.t.run((ctx) =>
      ctx.db.insert("dataExports", {
        tenantId: globex.id,
        requestedBy: globex.users.owner.id,
        status: "pending",
        createdAt: Date.now(),
      } as never),
    );
    await expect(as(w.t, globex.users.owner).mutation(api.portal.dataExports.request, { slug: "globex-export" })).rejects.toMatchObject({
      data: { code: "CONFLICT" },
    });
  });
});
