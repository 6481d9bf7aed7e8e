// Issue 5: onboarding from a template, settings (name, URL with redirect, departments), export, delete and restore.
import { test, expect } from "./fixtures/test";
import { callConvex, downloadText, expectAccessible, signInAs } from "./portal-helpers";

test.describe.configure({ mode: "serial" });

const FOUNDER = "founder@example.test";

test("a new user is led through onboarding and starts from the customer-support template", async ({ browser }) => {
  const page = await signInAs(browser, FOUNDER);
  await page.goto("/");
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel("Workspace name").fill("Acme");
  // The suggested URL name is taken: said live, and Continue refuses.
  await expect(page.getByText("That URL name is taken; choose another.")).toBeVisible();
  await page.getByLabel("Workspace name").fill("E2E Labs");
  await expect(page.getByText("/t/e2e-labs is available")).toBeVisible();
  await expectAccessible(page, "onboarding step 1");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("14-day free trial")).toBeVisible();
  await page.getByText("Starter", { exact: true }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByText("Start from a template").click();
  await expectAccessible(page, "onboarding step 3");
  await page.getByRole("button", { name: "Create workspace" }).click();

  await expect(page).toHaveURL(/\/t\/e2e-labs$/);
  await expect(page.getByRole("heading", { name: "E2E Labs" })).toBeVisible();
  await expect(page.getByText(/Trial: 14 days left/)).toBeVisible();
  await expect(page.getByText("Sample conversations from the customer-support template")).toBeVisible();
  await page.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Agents" }).click();
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await expect(page.getByRole("row", { name: /Support Responder/ })).toContainText("GPT-4o");
  // The header's switcher lists the new workspace.
  await page.getByRole("button", { name: /Switch workspace/ }).click();
  await expect(page.getByRole("menuitem", { name: /E2E Labs/ })).toBeVisible();
});

test("portal/settings: name, budget and departments validate and save; a new URL redirects the old one", async ({ browser }) => {
  const page = await signInAs(browser, FOUNDER);
  await page.goto("/t/e2e-labs/settings");
  await page.getByLabel("Monthly budget (USD)").fill("12.345");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Enter an amount in dollars, e.g. 1000 or 1250.50.")).toBeVisible();
  await page.getByLabel("Workspace name").fill("E2E Laboratories");
  await page.getByLabel("Monthly budget (USD)").fill("250");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Settings saved", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "E2E Laboratories" })).toBeVisible();

  await page.getByRole("button", { name: "Add department" }).click();
  await page.getByLabel("Department name").fill("support");
  await page.getByLabel("Cost center").fill("CC-7");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.locator("#dept-name-error")).toHaveText('A department named "support" already exists.');
  await page.getByLabel("Department name").fill("Research");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Added Research", { exact: true })).toBeVisible();

  await page.getByLabel("URL name").fill("acme");
  await page.getByRole("button", { name: "Change URL" }).click();
  await expect(page.locator("#settings-slug-error")).toHaveText("That URL name is taken; choose another.");
  await page.getByLabel("URL name").fill("e2e-laboratories");
  await page.getByRole("button", { name: "Change URL" }).click();
  await expect(page).toHaveURL(/\/t\/e2e-laboratories\/settings$/);
  await page.goto("/t/e2e-labs/agents?status=active");
  await expect(page).toHaveURL(/\/t\/e2e-laboratories\/agents\?status=active$/);
  // The old URL answers 404 to everyone else, like any unknown workspace.
  const outsider = await signInAs(browser, "outsider@example.test");
  expect((await outsider.goto("/t/e2e-labs"))?.status()).toBe(404);
});

test("export downloads a JSON file whose row counts match the workspace's data", async ({ browser }) => {
  const page = await signInAs(browser, FOUNDER);
  await page.goto("/t/e2e-laboratories/settings");
  const { name, text } = await downloadText(page, () => page.getByRole("button", { name: "Export JSON" }).click());
  expect(name).toMatch(/^e2e-laboratories-export-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(text) as {
    tenant: { slug: string; name: string };
    tables: Record<string, { tenantId?: string }[]>;
    counts: Record<string, number>;
    complete: boolean;
  };
  expect(data.complete).toBe(true);
  expect(data.tenant).toMatchObject({ slug: "e2e-laboratories", name: "E2E Laboratories" });
  expect(data.counts).toMatchObject({
    memberships: 1,
    agents: 3,
    departments: 2,
    conversations: 50,
    usageEvents: 0,
    tenantCounters: 1,
    slugRedirects: 1,
  });
  for (const [table, rows] of Object.entries(data.tables)) {
    expect(rows.length, table).toBe(data.counts[table]);
    expect(
      rows.every((r) => r.tenantId === rows[0]?.tenantId),
      table,
    ).toBe(true);
  }
  expect(data.tables.auditLogs.map((r) => (r as { action?: string }).action)).toEqual(
    expect.arrayContaining(["tenant.create", "tenant.slug_change", "department.create"]),
  );
});

test("delete with the slug typed, members lose access at once, the owner restores", async ({ browser }) => {
  const owner = await signInAs(browser, FOUNDER);
  // A second member, joined through an invitation.
  const invited = await callConvex(owner, "mutation", "portal/invitations/invites:create", {
    slug: "e2e-laboratories",
    email: "colleague@example.test",
    role: "admin",
  });
  expect(invited.status).toBe("success");
  const colleague = await signInAs(browser, "colleague@example.test");
  await callConvex(colleague, "mutation", "account/users:ensureMe", {});
  const token = invited.status === "success" ? (invited.value as { token: string }).token : "";
  expect((await callConvex(colleague, "mutation", "portal/invitations/links:accept", { token })).status).toBe("success");
  expect((await colleague.goto("/t/e2e-laboratories"))?.status()).toBe(200);

  await owner.goto("/t/e2e-laboratories/settings");
  await owner.getByRole("button", { name: "Delete workspace" }).click();
  const dialog = owner.getByRole("dialog");
  await expect(dialog.getByRole("button", { name: "Delete workspace" })).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill("e2e-laboratories");
  await expectAccessible(owner, "delete confirmation");
  await dialog.getByRole("button", { name: "Delete workspace" }).click();
  await expect(owner).toHaveURL(/\/restore\?slug=e2e-laboratories$/);
  await expect(owner.getByTestId("hard-delete-date")).toContainText(/permanently erased on .* \(in 30 days\)/);
  await expectAccessible(owner, "/restore");

  // Gone for everyone at once: the admin gets the plain 404, and cannot restore it.
  expect((await colleague.goto("/t/e2e-laboratories"))?.status()).toBe(404);
  const refused = await callConvex(colleague, "mutation", "portal/lifecycle:restore", { slug: "e2e-laboratories" });
  expect(refused.status === "error" && refused.errorData?.code).toBe("NOT_FOUND");
  // The owner opening the old URL is sent to the restore page.
  await owner.goto("/t/e2e-laboratories/agents");
  await expect(owner).toHaveURL(/\/restore\?slug=e2e-laboratories$/);
  await owner.goto("/");
  await expect(owner.getByText("E2E Laboratories is deleted and can still be restored")).toBeVisible();

  await owner.goto("/restore");
  await owner.getByRole("button", { name: "Restore workspace" }).click();
  await expect(owner).toHaveURL(/\/t\/e2e-laboratories$/);
  await expect(owner.getByText(/Trial: \d+ days? left/)).toBeVisible();
  expect((await colleague.goto("/t/e2e-laboratories"))?.status()).toBe(200);
});
