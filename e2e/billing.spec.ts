// Issue 6: billing in local mode. Checkout stand-in (declined and paid), plan quotas after an upgrade, who sees what,
// staff simulator controls, the dunning path through the portal stand-in, and the webhook's door.
import { test, expect } from "./fixtures/test";
import type { Page } from "@playwright/test";

async function payWith(page: Page, card: string) {
  await expect(page).toHaveURL(/\/checkout\/cs_test_\w+$/);
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /Subscribe/ }).click();
}

test("a declined card leaves the plan unchanged and says why", async ({ asUser }) => {
  const page = await asUser("globexOwner");
  await page.goto("/t/globex/billing");
  await expect(page.getByTestId("current-plan")).toContainText("Starter");
  await page.getByTestId("plan-enterprise").getByRole("button", { name: "Upgrade to Enterprise" }).click();
  await payWith(page, "4000 0000 0000 0002");
  await expect(page.getByText("Your card was declined.")).toBeVisible();
  await expect(page).toHaveURL(/\/checkout\//);
  await page.getByRole("link", { name: "Cancel and go back" }).click();
  await expect(page).toHaveURL(/\/t\/globex\/billing\?checkout=canceled$/);
  await expect(page.getByText("Checkout was cancelled. Nothing changed.")).toBeVisible();
  await expect(page.getByTestId("current-plan")).toContainText("Starter");
  await expect(page.getByTestId("quota-agents")).toHaveText("10");
});

test("the owner of globex upgrades from starter to pro in local checkout, then sees pro quotas and the invoice as a page and a PDF", async ({
  asUser,
}) => {
  const page = await asUser("globexOwner");
  await page.goto("/t/globex/billing");
  await page.getByTestId("plan-pro").getByRole("button", { name: "Upgrade to Pro" }).click();
  await payWith(page, "4242 4242 4242 4242");
  await expect(page).toHaveURL(/\/t\/globex\/billing\?checkout=success$/);
  const current = page.getByTestId("current-plan");
  await expect(current).toContainText("Pro");
  await expect(current).toContainText("Active");
  await expect(page.getByTestId("quota-agents")).toHaveText("100");
  await expect(page.getByTestId("quota-tokens")).toHaveText("50M");
  await expect(page.getByTestId("quota-storage")).toHaveText("100 GB");
  await expect(page.getByTestId("plan-pro")).toContainText("Current plan");
  await expect(page.getByRole("table", { name: "Invoices" })).toContainText("$299.00");

  // Issue 18: the notice says the plan changed once it did, also after a reload, and the invoice opens as a page and a PDF.
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

test("a member sees no billing actions; an admin reads billing but cannot act", async ({ asUser }) => {
  const member = await asUser("member");
  await member.goto("/t/acme");
  await expect(member.getByRole("link", { name: "Billing" })).toHaveCount(0);
  await member.goto("/t/acme/billing");
  await expect(member.getByRole("heading", { name: "You can't open billing" })).toBeVisible();
  await expect(member.getByRole("button", { name: /upgrade|downgrade|choose|manage payment/i })).toHaveCount(0);
  const refused = await member.request.post("/t/acme/billing/checkout", { data: { plan: "enterprise", attempt: "member-attempt-1" } });
  expect(refused.status()).toBe(403);

  const admin = await asUser("admin");
  await admin.goto("/t/acme/billing");
  await expect(admin.getByTestId("current-plan")).toContainText("Pro");
  await expect(admin.getByText(/only an owner of this workspace can change the plan/)).toBeVisible();
  await expect(admin.getByRole("button", { name: /upgrade|downgrade|choose|manage payment/i })).toHaveCount(0);
});

test("staff end acme's billing period: the invoice is paid; support may not act", async ({ asUser }) => {
  const support = await asUser("support");
  expect((await support.request.post("/api/billing/simulator", { data: { action: "end_period", slug: "acme" } })).status()).toBe(403);
  const staff = await asUser("staff");
  const ended = await staff.request.post("/api/billing/simulator", { data: { action: "end_period", slug: "acme" } });
  expect(ended.status()).toBe(200);
  const result = (await ended.json()) as { message: string; deliveries: { eventId: string; type: string; status: number }[] };
  expect(result.message).toMatch(/was paid/);
  expect(result.deliveries.map((d) => d.status).every((s) => s === 200)).toBe(true);
  // Redelivering a stored event is a no-op the route acknowledges.
  const again = await staff.request.post("/api/billing/simulator", {
    data: { action: "redeliver", eventId: result.deliveries[1].eventId },
  });
  expect((await again.json()).message).toMatch(/answered 200/);

  const owner = await asUser("owner");
  await owner.goto("/t/acme/billing");
  // The seeded subscription's first invoice (paid at the server's start) and this period's.
  await expect(owner.getByRole("table", { name: "Invoices" }).getByText("Paid")).toHaveCount(2);
});

test("a failed renewal puts the workspace past due; a new card in the portal makes it active again", async ({ asUser }) => {
  const staff = await asUser("staff");
  const ended = await staff.request.post("/api/billing/simulator", { data: { action: "end_period", slug: "globex", failPayment: true } });
  expect((await ended.json()).message).toMatch(/failed to charge/);

  const owner = await asUser("globexOwner");
  await owner.goto("/t/globex/billing");
  await expect(owner.getByText(/A payment failed, so this workspace is past due/)).toBeVisible();
  await expect(owner.getByRole("table", { name: "Invoices" }).getByText("Payment failed")).toBeVisible();
  await owner.goto("/t/globex/billing/outbox");
  await expect(owner.getByText(/payment of \$\S+ failed/).first()).toBeVisible();

  await owner.goto("/t/globex/billing");
  await owner.getByRole("button", { name: "Manage payment method" }).click();
  await expect(owner).toHaveURL(/\/checkout\/portal\/bps_\w+$/);
  await owner.getByLabel("Card number").fill("4242 4242 4242 4242");
  await owner.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await owner.getByLabel("CVC").fill("123");
  await owner.getByRole("button", { name: "Save card" }).click();
  await expect(owner.getByText("VISA ending in 4242")).toBeVisible();
  await owner.getByRole("link", { name: "Return to Tenantry" }).click();
  await expect(owner).toHaveURL(/\/t\/globex\/billing$/);
  await expect(owner.getByTestId("current-plan")).toContainText("Active");
  await expect(owner.getByText(/this workspace is past due/)).toHaveCount(0);
});

test("the webhook refuses unsigned and badly signed bodies", async ({ request }) => {
  const unsigned = await request.post("/api/webhooks/stripe", { data: { id: "evt_x", type: "invoice.paid" } });
  expect(unsigned.status()).toBe(400);
  const forged = await request.post("/api/webhooks/stripe", {
    data: { id: "evt_x" },
    headers: { "stripe-signature": `t=${Math.floor(Date.now() / 1000)},v1=deadbeef` },
  });
  expect(forged.status()).toBe(400);
});
