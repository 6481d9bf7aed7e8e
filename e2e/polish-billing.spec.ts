// Issue 17 (the seed's "suggest upgrade"), against the production build: an API key refused at its limit gets the
// upgrade header and, in the portal, the upgrade banner. (Issue 18's checkout notice and invoice view/PDF checks ride on
// billing.spec.ts's one checkout of globex, so the suite's shared seed is upgraded once.) Uses globex: a banner on acme's
// pages would change other specs' keyboard order.
import { test, expect } from "./fixtures/test";

test("a key refused at its limit gets the upgrade hint header, and the workspace's pages then show the upgrade banner", async ({
  asUser,
}) => {
  const admin = await asUser("globexOwner");
  await admin.goto("/t/globex/api-keys");
  // No "no banner yet" check: in the full suite api.spec.ts's cap test may already have refused globex's calls today.
  await admin
    .getByRole("button", { name: /create (your first )?key/i })
    .first()
    .click();
  await admin.getByLabel("Name").fill("Upgrade hint");
  await admin.getByLabel(/calls per minute/i).fill("5");
  await admin.getByRole("button", { name: "Create key" }).click();
  const key = await admin.getByTestId("new-api-key").inputValue();
  await admin.getByRole("button", { name: "I have stored it" }).click();

  const headers = { Authorization: `Bearer ${key}` };
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await admin.request.get("/api/v1/quota", { headers }));
  expect(answers[0].headers()["x-ratelimit-upgrade"]).toBeUndefined();
  expect(answers[3].headers()["x-ratelimit-upgrade"]).toMatch(/^4 of 5 calls per minute used; a higher plan raises the limit/);
  expect(answers[5].status()).toBe(429);
  expect(answers[5].headers()).toMatchObject({ "x-ratelimit-limit": "5", "x-ratelimit-remaining": "0" });
  expect(answers[5].headers()["x-ratelimit-upgrade"]).toMatch(/^5 of 5 calls/);

  // The banner links the plan page for those who may change it, and shows on other pages too.
  const banner = admin.getByTestId("rate-limit-banner");
  await expect(banner).toContainText("API calls were refused at the rate limit");
  await banner.getByRole("link", { name: /Upgrade the plan/ }).click();
  await expect(admin).toHaveURL(/\/t\/globex\/billing$/);
  await expect(admin.getByTestId("rate-limit-banner")).toBeVisible();
  // Umbrella's calls were never refused (acme's may have been, by api.spec.ts's flood): no banner there.
  const umbrella = await asUser("umbrellaOwner");
  await umbrella.goto("/t/umbrella");
  await expect(umbrella.getByRole("heading").first()).toBeVisible();
  await expect(umbrella.getByTestId("rate-limit-banner")).toHaveCount(0);
});

test("a seeded paying workspace shows the renewal date its billing portal shows, and its paid invoice as a page and a PDF", async ({
  asUser,
}) => {
  // Acme is seeded as paying (Stripe ids only): the server's start gave it its subscription through the simulator's
  // webhook events. billing.spec.ts may have ended a period since (a later date and a second invoice): both places move.
  const owner = await asUser("owner");
  await owner.goto("/t/acme/billing");
  const current = owner.getByTestId("current-plan");
  await expect(current).toContainText(/Renews on /);
  const renews = /Renews on ([^.]+)\./.exec((await current.textContent()) ?? "")![1];
  const invoices = owner.getByRole("table", { name: "Invoices" });
  await expect(owner.getByText("No invoices yet")).toHaveCount(0);
  const paid = invoices.getByRole("row").filter({ hasText: "Paid" });
  expect(await paid.count()).toBeGreaterThan(0);
  const pdfHref = await paid
    .first()
    .getByRole("link", { name: /^PDF of invoice/ })
    .getAttribute("href");
  const pdf = await owner.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).toString("latin1").startsWith("%PDF-1.4")).toBe(true);
  await paid.first().getByRole("link").first().click();
  await expect(owner).toHaveURL(/\/t\/acme\/billing\/invoices\/\w+$/);
  await expect(owner.getByRole("heading", { name: /^Invoice / })).toBeVisible();

  await owner.goto("/t/acme/billing");
  await owner.getByRole("button", { name: "Manage payment method" }).click();
  await expect(owner).toHaveURL(/\/checkout\/portal\/bps_\w+$/);
  await expect(owner.getByText(`renews ${renews}`)).toBeVisible();
});
