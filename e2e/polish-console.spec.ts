// Issue 18, what users expect that is missing and state that must agree: the admin tenants
// table's users, agents, MRR and last active columns with a totals row; the agent page's sessions
// and usage by API key; one 404 page per area (answered with HTTP 404)
// (with that area's navigation and a way back) that still tells outsiders nothing; deleting a
// workspace leaves the browser console clean.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import { callConvex, signInAs } from "./portal-helpers";

/** Parses "$1,234.56" (or "$0.00") into cents. */
const cents = (text: string) => Math.round(Number(text.replace(/[^0-9.-]/g, "")) * 100);

/** The text of one cell of `row`, found by its column header's name. */
async function cell(table: Locator, row: Locator, column: string): Promise<string> {
  // A sortable header's text ends with its screen-reader hint ("Agentssort", "Namesorted ascending").
  const headers = (await table.getByRole("columnheader").allTextContents()).map((h) => h.trim().replace(/sort(ed \w+)?$/, ""));
  const index = headers.indexOf(column);
  expect(index, `column ${column} in ${headers.join(", ")}`).toBeGreaterThanOrEqual(0);
  return ((await row.getByRole("cell").nth(index).textContent()) ?? "").trim();
}

test("the admin tenants table shows users, agents and MRR, and a totals row that adds up", async ({ asUser }) => {
  const page = await asUser("staff");
  await page.goto("/admin/tenants");
  const table = page.getByRole("table", { name: "Tenants" });
  await expect(table.getByRole("row", { name: /Globex Corporation/ })).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  for (const column of ["Users", "Agents", "MRR", "Last active"])
    await expect(table.getByRole("columnheader", { name: column })).toBeVisible();

  // Seeded: Initech is an enterprise trial with one member and three agents; trials pay no fee yet.
  const initech = table.getByRole("row", { name: /Initech/ });
  expect(await cell(table, initech, "Users")).toBe("1");
  expect(await cell(table, initech, "Agents")).toBe("3");
  expect(await cell(table, initech, "MRR")).toBe("$0.00");
  // Globex pays its plan's price (seeded on Starter, $49; billing.spec upgrades it to Pro, $299) and has two members.
  const globex = table.getByRole("row", { name: /Globex Corporation/ });
  expect(await cell(table, globex, "Users")).toBe("2");
  const price: Record<string, string> = { Starter: "$49.00", Pro: "$299.00" };
  expect(await cell(table, globex, "MRR")).toBe(price[await cell(table, globex, "Plan")]);
  // A suspended tenant pays nothing either (the platform's MRR rule).
  expect(await cell(table, table.getByRole("row", { name: /Umbrella Corp/ }), "MRR")).toBe("$0.00");

  // Every tenant fits on the first page here, so the totals row must equal the columns' sums.
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  const n = await rows.count();
  let mrr = 0;
  let agents = 0;
  let active = 0;
  for (let i = 0; i < n; i++) {
    mrr += cents(await cell(table, rows.nth(i), "MRR"));
    agents += Number((await cell(table, rows.nth(i), "Agents")).replace(/,/g, ""));
    if ((await cell(table, rows.nth(i), "Status")) === "Active") active++;
  }
  const totals = page.getByRole("region", { name: /Totals, all tenants/ });
  await expect(totals.getByTestId("total-tenants").locator("dd")).toHaveText(String(n));
  await expect(totals.getByTestId("total-agents").locator("dd")).toHaveText(String(agents));
  expect(cents((await totals.getByTestId("total-mrr").locator("dd").textContent()) ?? "")).toBe(mrr);
  await expect(totals.getByTestId("total-active").locator("dd")).toHaveText(String(active));
  expect(mrr).toBeGreaterThan(0);
});

test("the admin tenants table's last active comes from recorded usage and sorts like the other columns", async ({ asUser }) => {
  const page = await asUser("staff");
  await page.goto("/admin/tenants");
  const table = page.getByRole("table", { name: "Tenants" });
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  // Seeded usage runs up to today for every demo tenant; other specs only add usage (today's).
  const acme = table.getByRole("row", { name: /Acme Corporation/ });
  const day = await cell(table, acme, "Last active");
  expect(day).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);

  await table
    .getByRole("columnheader", { name: /Last active/ })
    .getByRole("button")
    .click();
  await expect(page).toHaveURL(/sort=lastActive/);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  const shown: number[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const text = await cell(table, rows.nth(i), "Last active");
    shown.push(text === "Never" ? 0 : new Date(`${text}, ${new Date().getUTCFullYear()} UTC`).getTime());
  }
  expect(shown.length).toBeGreaterThan(1);
  const sorted = [...shown].sort((a, b) => a - b);
  // One click sorts one way, the next the other: either order is the column's, not a random one.
  expect([sorted, [...sorted].reverse()].map((s) => s.join())).toContain(shown.join());
});

async function expectAppWide404(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found", exact: true }), path).toBeVisible();
  await expect(page.getByRole("navigation", { name: /Workspace sections|Admin sections/ }), path).toHaveCount(0);
}

test("a 404 inside a workspace keeps its navigation and leads back; outsiders get the app-wide page", async ({ asUser }) => {
  const owner = await asUser("owner");
  // HTTP 404 too, not a 200 whose body says "not found": the layout resolves the address before the loading state streams.
  for (const path of ["/t/acme/agents/not-an-agent", "/t/acme/billing/invoices/not-an-invoice", "/t/acme/no-such-page"]) {
    const response = await owner.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(owner.getByRole("heading", { name: "Page not found in Acme Corporation" }), path).toBeVisible();
  }
  await expect(owner.getByRole("navigation", { name: "Workspace sections" })).toBeVisible();
  await owner.getByRole("link", { name: "Back to the workspace overview" }).click();
  await expect(owner).toHaveURL(/\/t\/acme$/);

  // Same address, not a member / no such workspace: the one app-wide page, naming nothing.
  const outsider = await asUser("globexOwner");
  await expectAppWide404(outsider, "/t/acme/no-such-page");
  await expect(outsider.getByText("Acme")).toHaveCount(0);
  await expectAppWide404(outsider, "/t/no-such-workspace/agents");
});

test("a 404 inside the admin console keeps the console's navigation; non-staff get the app-wide page", async ({ asUser }) => {
  const staff = await asUser("staff");
  for (const path of ["/admin/no-such-page", "/admin/tenants/no-such-tenant"]) {
    const response = await staff.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(staff.getByRole("heading", { name: "Not found in the admin console" }), path).toBeVisible();
    await expect(staff.getByRole("navigation", { name: "Admin sections" }), path).toBeVisible();
  }
  await staff.getByRole("link", { name: "Back to all tenants" }).click();
  await expect(staff).toHaveURL(/\/admin\/tenants$/);

  const owner = await asUser("owner");
  await expectAppWide404(owner, "/admin/no-such-page");
  await expect(owner.getByText("admin console")).toHaveCount(0);
});

test("deleting a workspace logs no errors in the browser before the restore page", async ({ browser }) => {
  const email = `console.delete.${Date.now()}@example.test`;
  const slug = `console-delete-${Date.now().toString(36)}`;
  const page = await signInAs(browser, email);
  await page.goto("/new");
  const created = await callConvex(page, "mutation", "account/tenants:create", { name: "Console Delete", slug, plan: "starter" });
  expect(created.status, JSON.stringify(created)).toBe("success");

  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(`/t/${slug}/settings`);
  // The header's live queries (notifications bell) and the page's are all running before the delete.
  await expect(page.getByRole("heading", { name: "Delete this workspace" })).toBeVisible();
  await page.getByRole("button", { name: "Delete workspace" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel(/to confirm/).fill(slug);
  await dialog.getByRole("button", { name: "Delete workspace" }).click();
  await expect(page).toHaveURL(new RegExp(`/restore\\?slug=${slug}$`));
  await expect(page.getByRole("heading", { name: "Deleted workspaces" })).toBeVisible();
  // Late errors from queries that re-ran would land about now.
  await page.waitForTimeout(1_000);
  expect(errors).toEqual([]);
  await expect(page.getByRole("main").getByText("Console Delete", { exact: true })).toBeVisible();
  await page.context().close();
});

test("the agents table links each agent to its page, with cost this month and last active that agree", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme/agents");
  const table = page.getByRole("table");
  for (const column of ["Cost this month", "Last active"]) await expect(table.getByRole("columnheader", { name: column })).toBeVisible();
  const row = table.getByRole("row", { name: /Customer Support/ });
  // Seeded usage runs up to today, so the busiest agent has a cost and a recent day.
  await expect(row.locator("time")).toBeVisible();
  const cost = await cell(table, row, "Cost this month");
  expect(cents(cost)).toBeGreaterThan(0);
  const lastActive = await row.locator("time").getAttribute("datetime");

  await row.getByRole("link", { name: "Customer Support" }).click();
  await expect(page).toHaveURL(/\/t\/acme\/agents\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: "Customer Support" })).toBeVisible();
  await expect(page.getByTestId("agent-cost")).toContainText(cost);
  await expect(page.getByTestId("agent-last-active")).not.toContainText("Not in the last");
  expect(lastActive).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const settings = page.getByRole("definition");
  await expect(settings.filter({ hasText: "Support" }).first()).toBeVisible();
  await expect(page.locator('[data-slot="daily-chart"]')).toBeVisible();
  await page.getByRole("link", { name: "All agents" }).click();
  await expect(page).toHaveURL(/\/t\/acme\/agents$/);

  // An agent id that is not this workspace's: the workspace's own 404. A plain page of the same context:
  // the fixture's wait for streamed content (fixtures/reveal.ts) does not end on this streamed 404.
  const plain = await page.context().newPage();
  await plain.goto("/t/acme/agents/not-an-agent");
  await expect(plain.getByRole("heading", { name: "Page not found in Acme Corporation" })).toBeVisible();
  await expect(plain.getByRole("navigation", { name: "Workspace sections" })).toBeVisible();
});

test("the agent page lists its sessions and, by API key, this month's calls and tokens", async ({ asUser }) => {
  const page = await asUser("owner");
  // A key of its own (other specs cap and flood other keys), made on the API keys page.
  const name = `Agent page key ${Date.now()}`;
  await page.goto("/t/acme/api-keys");
  await page
    .getByRole("button", { name: /create (your first )?key/i })
    .first()
    .click();
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-api-key").inputValue();
  await page.getByRole("button", { name: "I have stored it" }).click();

  await page.goto("/t/acme/agents");
  await page.getByRole("table").getByRole("link", { name: "Customer Support" }).click();
  await expect(page).toHaveURL(/\/t\/acme\/agents\/[a-z0-9]+$/);
  const agentId = page.url().split("/").pop()!;
  const headers = { Authorization: `Bearer ${key}` };
  const title = `E2E session ${Date.now()}`;
  const conversation = await page.request.post("/api/v1/conversations", { headers, data: { agentId, userIdentifier: "e2e-user", title } });
  expect(conversation.status()).toBe(201);
  const usage = await page.request.post("/api/v1/usage", {
    headers,
    data: { events: [{ agentId, inputTokens: 1200, outputTokens: 300, latencyMs: 200, success: true }] },
  });
  expect(usage.status()).toBe(200);

  await page.reload();
  const sessions = page.getByRole("table", { name: "Sessions" });
  await expect(sessions.getByRole("row", { name: new RegExp(title) })).toContainText("e2e-user");
  const byKey = page.getByRole("table", { name: "API usage by key" });
  const row = byKey.getByRole("row", { name: new RegExp(name) });
  expect(await cell(byKey, row, "Calls")).toBe("1");
  expect(await cell(byKey, row, "Tokens")).toBe("1.5K");

  // A viewer sees the sessions, not the keys (their names are for those who manage keys).
  const viewer = await asUser("viewer");
  await viewer.goto(page.url());
  await expect(viewer.getByRole("table", { name: "Sessions" })).toBeVisible();
  await expect(viewer.getByRole("table", { name: "API usage by key" })).toHaveCount(0);
  await expect(viewer.getByText("Admins and owners see which API keys called this agent.")).toBeVisible();
});

test("tenant detail shows this month's cost against last month's through the same day", async ({ asUser }) => {
  const staff = await asUser("staff");
  await staff.goto("/admin/tenants/acme");
  // The seed has 90 days of usage: last month has cost to compare with, so the change is a signed percent.
  await expect(staff.getByTestId("cost-trend")).toHaveText(
    /^\$[\d,.]+ so far this month against \$[\d,.]+ by day \d+ of last month \([+−±][\d.]+%\)\.$/,
  );
});

test("tenant detail shows the seed's uptime line: minutes with calls in the last 30 days in which none failed", async ({ asUser }) => {
  const staff = await asUser("staff");
  await staff.goto("/admin/tenants/acme");
  // The seed fails about 2% of calls over 90 days, so some minutes are down and the share is under 100%.
  const line = staff.getByTestId("uptime");
  await expect(line).toHaveText(/^\d{2}\.\d% uptime over the last 30 days: [\d,]+ of [\d,]+ minutes with calls had a failed call\.$/);
  const [, failed, active] = (await line.textContent())!.match(/: ([\d,]+) of ([\d,]+) minutes/)!.map((s) => Number(s.replace(/,/g, "")));
  expect(failed).toBeGreaterThan(0);
  expect(active).toBeGreaterThan(failed);
});
