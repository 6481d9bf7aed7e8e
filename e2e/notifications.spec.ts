// Issue 17 in the browser: what a person receives. An invitation email arrives in the local mailbox
// (over SMTP) and its button works; a workspace's webhook endpoint, added on its page, receives a
// test event signed per Standard Webhooks (verified here with the standardwebhooks library); an export
// prepared in the background arrives as an email whose link downloads it, for this workspace's admins only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { test, expect } from "./fixtures/test";
import { expectAccessible, signInAs } from "./portal-helpers";

test("an invitation email arrives in the local mailbox and its link accepts it", async ({ asUser, browser }) => {
  const owner = await asUser("owner");
  await owner.goto("/t/acme/team");
  await owner.getByRole("button", { name: "Invite" }).click();
  await owner.getByRole("dialog").getByLabel("Email").fill("mail.reader@example.test");
  await owner.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
  await owner.getByRole("dialog").getByRole("button", { name: "Done" }).click();

  // The worker sends in the background: the mailbox shows it once the SMTP server has it.
  await expect(async () => {
    await owner.goto("/dev/mailbox?to=mail.reader@example.test");
    await expect(owner.getByRole("list", { name: "Received mail" }).getByRole("link")).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(owner.getByRole("heading", { name: /invited you to Acme Corporation on Tenantry/ })).toBeVisible();
  const message = owner.frameLocator('iframe[title="Message"]');
  await expect(message.getByRole("heading", { name: "Join Acme Corporation on Tenantry" })).toBeVisible();
  const href = await message.getByRole("link", { name: "Accept the invitation" }).getAttribute("href");
  expect(href).toMatch(new RegExp(`^${test.info().project.use.baseURL}/invite/`));

  const invitee = await signInAs(browser, "mail.reader@example.test");
  await invitee.goto(href!);
  await expect(invitee.getByRole("heading", { name: "Join Acme Corporation" })).toBeVisible();
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(/\/t\/acme$/);
});

test("an admin adds a webhook endpoint; its test event arrives signed and shows as delivered", async ({ asUser }) => {
  const received: { type: string; verified: boolean }[] = [];
  let secret = "";
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified = true;
      try {
        new Webhook(secret).verify(body, Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])));
      } catch {
        verified = false;
      }
      received.push({ type: (JSON.parse(body) as { type: string }).type, verified });
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  const url = `http://localhost:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    const admin = await asUser("admin");
    await admin.goto("/t/acme");
    await admin.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(admin.getByRole("heading", { name: "Webhooks", level: 2 })).toBeVisible();

    // The form says what is wrong before anything is sent.
    await admin.getByLabel("URL").fill("http://example.com/hooks");
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    await expect(admin.getByRole("main").getByRole("alert")).toHaveText("Use an https:// URL (plain http only to localhost).");
    await admin.getByLabel("URL").fill(url);
    await admin.getByRole("button", { name: "Add endpoint" }).click();
    await expect(admin.getByRole("main").getByRole("alert")).toHaveText("Choose at least one event.");
    // Every event Tenantry emits is offered (quota.reached since the API door writes it); the test event is the page's button.
    await expect(admin.getByRole("checkbox", { name: /quota\.reached/ })).toHaveCount(1);
    await expect(admin.getByRole("checkbox", { name: /plan\.changed/ })).toHaveCount(1);
    await expect(admin.getByRole("checkbox", { name: /webhook\.test/ })).toHaveCount(0);
    await admin.getByRole("checkbox", { name: /agent\.created/ }).check();
    await admin.getByRole("button", { name: "Add endpoint" }).click();

    const card = admin.getByRole("group", { name: `Endpoint ${url}` });
    await expect(card.getByText("Enabled")).toBeVisible();
    await card.getByRole("button", { name: "Reveal" }).click();
    secret = (await card
      .locator("code")
      .filter({ hasText: /^whsec_/ })
      .textContent())!;
    await expectAccessible(admin, "webhooks page");

    await card.getByRole("button", { name: "Send a test event" }).click();
    await expect.poll(() => received, { timeout: 30_000 }).toEqual([{ type: "webhook.test", verified: true }]);
    await card.getByRole("button", { name: "Show deliveries" }).click();
    const log = card.getByRole("table", { name: "Deliveries" });
    await expect(log.getByRole("row", { name: /webhook\.test/ }).getByText("delivered")).toBeVisible({ timeout: 15_000 });

    // Members do not see the page.
    const member = await asUser("member");
    await member.goto("/t/acme");
    await expect(member.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  } finally {
    receiver.close();
  }
});

test("an owner asks for an export by email; the email's link downloads the file, which members cannot", async ({ asUser }) => {
  const owner = await asUser("owner");
  await owner.goto("/t/acme/settings");
  await owner.getByRole("button", { name: "Email me an export" }).click();
  const exports = owner.getByRole("list", { name: "Requested exports" });
  // Live: preparing, then ready, without a reload.
  await expect(exports.getByRole("listitem").first().getByText("Ready")).toBeVisible({ timeout: 60_000 });

  let href: string | null = null;
  await expect(async () => {
    await owner.goto("/dev/mailbox?to=owner@acme.test");
    await owner
      .getByRole("list", { name: "Received mail" })
      .getByRole("link", { name: /Your data export is ready/ })
      .first()
      .click({ timeout: 1000 });
    href = await owner
      .frameLocator('iframe[title="Message"]')
      .getByRole("link", { name: "Download the export" })
      .getAttribute("href", { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  expect(href).toMatch(new RegExp(`^${test.info().project.use.baseURL}/t/acme/settings/exports/`));

  const file = await owner.request.get(href!);
  expect(file.status()).toBe(200);
  expect(file.headers()["content-disposition"]).toMatch(/attachment; filename="acme-export-\d{4}-\d{2}-\d{2}\.json"/);
  const body = (await file.json()) as { complete: boolean; tenant: { slug: string }; requestedBy: string };
  expect(body).toMatchObject({ complete: true, tenant: { slug: "acme" }, requestedBy: "owner@acme.test" });

  // A member of the same workspace, and another workspace's owner, get nothing from the same link.
  const member = await asUser("member");
  expect((await member.request.get(href!)).status()).toBe(403);
  const stranger = await asUser("globexOwner");
  expect((await stranger.request.get(href!)).status()).toBe(404);
});
