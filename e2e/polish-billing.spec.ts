// Issue 18 (billing state that must agree) and issue 17 (the seed's "suggest upgrade"), against the production build:
// the checkout notice says the plan changed once it did, each invoice has a view and a PDF from the same record,
// and an API key refused at its limit gets the upgrade header and, in the portal, the upgrade banner.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test";

async function payWith(page: Page, card: string) {
  await expect(page).toHaveURL(/\/checkout\/cs_test_\w+$/);
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /Subscribe/ }).click();
}

test("after a checkout the notice says the plan changed, and the new invoice opens as a page and as a PDF", async ({ asUser }) => {
  const page = await asUser("globexOwner");
  await page.goto("/t/globex/billing");
  await page.getByTestId("plan-pro").getByRole("button", { name: "Upgrade to Pro" }).click();
  await payWith(page, "4242 4242 4242 4242");
  await expect(page).toHaveURL(/\/t\/globex\/billing\?checkout=success$/);
  await expect(page.getByText("Payment received. You are on the Pro plan.")).toBeVisible();
  await expect(page.getByText(/changes as soon as the payment is confirmed/)).toHaveCount(0);
  // A reload of the same URL (the notice used to depend on what the page first showed) says the same.
  await page.reload();
  await expect(page.getByText("Payment received. You are on the Pro plan.")).toBeVisible();

  const invoices = page.getByRole("table", { name: "Invoices" });
  await expect(invoices).toContainText("$299.00");
  const pdfHref = await invoices
    .getByRole("link", { name: /^PDF of invoice/ })
    .first()
    .getAttribute("href");
  await invoices.getByRole("row").nth(1).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/t\/globex\/billing\/invoices\/\w+$/);
  await expect(page.getByRole("heading", { name: /^Invoice / })).toBeVisible();
  await expect(page.getByRole("table", { name: "Invoice lines" })).toContainText("$299.00");
  expect(await page.getByTestId("invoice-pdf").getAttribute("href")).toBe(pdfHref);

  const pdf = await page.request.get(pdfHref!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  const body = (await pdf.body()).toString("latin1");
  expect(body.startsWith("%PDF-1.4")).toBe(true);
  expect(body).toContain("(Total: $299.00)");

  // Another workspace's owner gets a 404 for the same invoice, as for a missing one.
  const other = await asUser("owner");
  expect((await other.request.get(pdfHref!.replace("/t/globex/", "/t/acme/"))).status()).toBe(404);
});

test("a key refused at its limit gets the upgrade hint header, and the workspace's pages then show the upgrade banner", async ({
  asUser,
}) => {
  const admin = await asUser("admin");
  await admin.goto("/t/acme/api-keys");
  await expect(admin.getByTestId("rate-limit-banner")).toHaveCount(0);
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

  // Live: the banner appears without a reload, links the plan page for admins, and shows on other pages too.
  const banner = admin.getByTestId("rate-limit-banner");
  await expect(banner).toContainText("API calls were refused at the rate limit");
  await banner.getByRole("link", { name: /Upgrade the plan/ }).click();
  await expect(admin).toHaveURL(/\/t\/acme\/billing$/);
  await expect(admin.getByTestId("rate-limit-banner")).toBeVisible();
  // globex's calls were never refused: no banner there.
  const globex = await asUser("globexOwner");
  await globex.goto("/t/globex");
  await expect(globex.getByRole("heading").first()).toBeVisible();
  await expect(globex.getByTestId("rate-limit-banner")).toHaveCount(0);
});
