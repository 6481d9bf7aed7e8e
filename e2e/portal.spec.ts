// Issue 5: the tenant portal's pages, roles, isolation and accessibility.
import { test, expect } from "./fixtures/test";
import { callConvex, downloadText, expectAccessible } from "./portal-helpers";

const PAGES = ["", "/agents", "/team", "/usage", "/settings"];

test("the overview shows plan, quotas, cost against budget, activity and top agents", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Cost this month")).toBeVisible();
  await expect(page.getByText(/% of \$1,000\.00 budget/)).toBeVisible();
  for (const quota of ["Agents", "Tokens this month", "Storage", "Concurrent sessions"])
    await expect(page.getByRole("progressbar", { name: `${quota} usage` })).toBeVisible();
  await expect(page.locator("[data-slot=quota-bar]").filter({ hasText: "Agents" })).toContainText(/\d+ \/ 100/);
  await expect(page.getByRole("heading", { name: "Top agents by cost" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Calls per day" })).toBeVisible();
});

test("a suspended workspace says so and what to do", async ({ asUser }) => {
  const page = await asUser("umbrellaOwner");
  await page.goto("/t/umbrella");
  await expect(page.getByRole("alert").filter({ hasText: "This workspace is suspended" })).toContainText("Contact support");
});

test("every portal page has no serious or critical accessibility violation", async ({ asUser }) => {
  const page = await asUser("owner");
  for (const path of PAGES) {
    await page.goto(`/t/acme${path}`);
    await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();
    await expectAccessible(page, `/t/acme${path}`);
  }
  await page.goto("/t/acme/agents");
  await page.getByRole("button", { name: "New agent" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await expectAccessible(page, "new agent dialog");
  await page.goto("/new");
  await expectAccessible(page, "/new");
  await page.goto("/restore");
  await expectAccessible(page, "/restore");
});

test("a viewer sees no mutating control, and Convex refuses the writes anyway", async ({ asUser }) => {
  const page = await asUser("viewer");
  await page.goto("/t/acme/agents");
  await expect(page.getByRole("cell", { name: "Code Reviewer" })).toBeVisible();
  await expect(page.getByRole("button", { name: "New agent" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Actions for/ })).toHaveCount(0);
  await page.goto("/t/acme/team");
  await expect(page.getByRole("cell", { name: /Ava Thompson/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /Invite|Import CSV|Remove/ })).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: /Role of/ })).toHaveCount(0);
  await page.goto("/t/acme/usage");
  await expect(page.getByRole("button", { name: "CSV" })).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Settings" })).toHaveCount(0);
  await page.goto("/t/acme/settings");
  await expect(page.getByText("You can't open settings")).toBeVisible();

  for (const [path, args] of [
    ["portal/agents:create", { slug: "acme", name: "Sneaky", model: "claude-haiku-4-5" }],
    ["portal/invitations/invites:create", { slug: "acme", email: "sneaky@example.test", role: "admin" }],
    ["portal/settings:update", { slug: "acme", name: "Hijacked", billingEmail: "x@example.test", monthlyBudgetCents: null }],
    ["portal/departments:create", { slug: "acme", name: "Sneaky", costCenter: "CC-1" }],
    ["portal/lifecycle:remove", { slug: "acme", confirmSlug: "acme" }],
  ] as const) {
    const result = await callConvex(page, "mutation", path, args);
    expect(result.status === "error" && result.errorData?.code, path).toBe("FORBIDDEN");
  }
  expect((await page.request.get("/t/acme/settings/export")).status()).toBe(403);
});

test("a member of globex gets the same 404 on every acme portal URL", async ({ asUser }) => {
  const page = await asUser("globexOwner");
  await page.goto("/t/does-not-exist");
  const missing = await page.locator("main").innerText();
  for (const path of [...PAGES, "/agents?status=paused", "/usage?period=90d", "/billing", "/api-keys"]) {
    const res = await page.goto(`/t/acme${path}`);
    expect(res?.status(), path).toBe(404);
    expect(await page.locator("main").innerText()).toBe(missing);
  }
  expect((await page.request.get("/t/acme/settings/export")).status()).toBe(404);
  const direct = await callConvex(page, "query", "portal/usage:report", { slug: "acme", from: "2026-01-01", to: "2026-01-31" });
  expect(direct.status === "error" && direct.errorData?.code).toBe("NOT_FOUND");
});

test("portal/usage: this month's total equals the overview's month-to-date cost, and the CSV is what is shown", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme");
  const overviewCost = await page.getByText("Cost this month").locator("xpath=following-sibling::*[1]").innerText();
  await page.goto("/t/acme/usage");
  // Counters (overview) and rollups (usage) are kept by the same mutation: they agree to the cent.
  await expect(page.getByTestId("usage-cost")).toHaveText(overviewCost);
  await expect(page.getByTestId("usage-total-cost")).toHaveText(overviewCost);

  const { name, text } = await downloadText(page, () => page.getByRole("button", { name: "CSV" }).first().click());
  expect(name).toMatch(/^acme-usage-daily-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = text.trim().split(/\r\n/);
  const dayRows = await page.getByRole("table").first().locator("tbody tr").count();
  expect(lines.length).toBe(1 + dayRows + 1);
  expect(`$${lines.at(-1)!.split(",").at(-1)}`).toBe(overviewCost.replace(/,/g, ""));

  await page.getByRole("combobox", { name: "Period" }).click();
  await page.getByRole("option", { name: "Last 90 days" }).click();
  await expect(page).toHaveURL(/\?period=90d$/);
  await page.getByRole("tab", { name: "By department" }).click();
  await expect(page.getByRole("columnheader", { name: "Cost center" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "CC-100" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Period" })).toHaveText("Last 90 days");
});
