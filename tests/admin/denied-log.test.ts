/**
 * Refused tenant pages fold into one audit entry per actor and tenant slug per
 * window: a refresh loop raises a count instead of writing a row per hit, and
 * the admin audit log shows the count.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { as, call, ok, STAFF, startLocal, SYSTEM_SECRET, type Local } from "./support";
import type { Doc } from "../../convex/_generated/dataModel";

let t: Local;
beforeAll(async () => {
  t = await startLocal("denied-log", { usageDays: 1 });
}, 120_000);
afterAll(async () => t?.dispose());

const deny = (slug: string, email: string, path = `/t/${slug}`) =>
  call(t, "mutation", "admin/audit:recordDenied", { secret: SYSTEM_SECRET, slug, path, subject: null, email });
const deniedRows = () =>
  t.query(async (ctx) => (await ctx.db.query("auditLogs").collect()).filter((e: Doc<"auditLogs">) => e.action === "access.denied"));

it("twenty refused pages by one person on one tenant write one entry counted twenty times", async () => {
  for (let i = 0; i < 20; i++) expect((await deny("acme", "prober@evil.test", i % 2 ? "/t/acme" : "/t/acme/billing")).ok).toBe(true);
  const rows = await deniedRows();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    actorEmail: "prober@evil.test",
    count: 20,
    target: "/t/acme/billing",
    after: { slug: "acme", via: "page" },
  });
  expect(rows[0].lastAt).toBeGreaterThanOrEqual(rows[0].at);

  const { rows: listed } = await ok(as(t, STAFF), "query", "admin/audit:list", { action: "access.denied" });
  expect(listed).toEqual([expect.objectContaining({ tenantSlug: "acme", count: 20, lastAt: rows[0].lastAt })]);
});

it("another tenant, another person, or an entry older than the window starts a new entry", async () => {
  await deny("globex", "prober@evil.test");
  await deny("acme", "other@evil.test");
  expect(await deniedRows()).toHaveLength(3);
  // Age the first entry past the 10-minute window: the next hit starts a fresh one.
  const first = (await deniedRows()).find((e: Doc<"auditLogs">) => e.count === 20)!;
  await t.run((ctx) => ctx.db.patch(first._id, { at: first.at - 11 * 60_000 }));
  await deny("acme", "prober@evil.test");
  const rows = await deniedRows();
  expect(rows).toHaveLength(4);
  expect(
    rows
      .filter((e: Doc<"auditLogs">) => e.actorEmail === "prober@evil.test" && e.after.slug === "acme")
      .map((e: Doc<"auditLogs">) => e.count)
      .sort(),
  ).toEqual([1, 20]);
});
