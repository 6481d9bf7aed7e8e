// Issue 5: the Agents page (TanStack table with the view in the URL), live updates, and the agent quota.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test";
import { callConvex, choose, expectAccessible } from "./portal-helpers";
import { PLANS, type PlanId } from "../lib/domain/plans";

test("create, edit, pause, resume and delete an agent, seen live in another tab", async ({ asUser }) => {
  const page = await asUser("owner");
  const other = await asUser("viewer");
  await page.goto("/t/acme/agents");
  await other.goto("/t/acme/agents?q=E2E");
  await expect(other.getByText("No agents match")).toBeVisible();

  await page.getByRole("button", { name: "New agent" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(dialog.getByText("The agent name must be 1 to 80 characters.")).toBeVisible();
  await dialog.getByLabel("Name").fill("E2E Helper");
  await choose(page, "Model", "Claude Haiku 4.5");
  await choose(page, "Department", "Support");
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByText("Created E2E Helper", { exact: true })).toBeVisible();
  const row = page.getByRole("row", { name: /E2E Helper/ });
  await expect(row).toContainText("Claude Haiku 4.5");
  await expect(row).toContainText("Support");
  // The viewer's tab updates without a reload.
  await expect(other.getByRole("row", { name: /E2E Helper/ })).toBeVisible();

  await row.getByRole("button", { name: "Actions for E2E Helper" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("E2E Helper Two");
  await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
  const renamed = page.getByRole("row", { name: /E2E Helper Two/ });
  await expect(renamed).toBeVisible();

  await renamed.getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Pause" }).click();
  await expect(renamed).toContainText("Paused");
  await expect(other.getByRole("row", { name: /E2E Helper Two/ })).toContainText("Paused");
  await renamed.getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Resume" }).click();
  await expect(renamed).toContainText("Active");

  await renamed.getByRole("button", { name: /Actions for/ }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  await expectAccessible(page, "delete agent confirmation");
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete agent" }).click();
  await expect(renamed).toHaveCount(0);
  await expect(other.getByRole("row", { name: /E2E Helper/ })).toHaveCount(0);
});

test("sorting, filters, search and page size live in the URL and survive a reload", async ({ asUser }) => {
  const page = await asUser("viewer");
  await page.goto("/t/acme/agents");
  const names = () => page.locator("tbody tr td:first-child").allInnerTexts();
  expect((await names())[0]).toBe("Code Reviewer");

  await page.getByRole("button", { name: /^Name/ }).click();
  await expect(page).toHaveURL(/order=desc/);
  await expect.poll(async () => (await names())[0]).toBe("Ticket Triage");

  await choose(page, "Filter by model", "Claude Haiku 4.5");
  await expect(page).toHaveURL(/model=claude-haiku-4-5/);
  await expect.poll(names).toEqual(["Ticket Triage", "Release Notes", "Email Assistant"]);
  await page.getByRole("searchbox", { name: "Search agents by name" }).fill("triage");
  await expect(page).toHaveURL(/q=triage/);
  await expect.poll(names).toEqual(["Ticket Triage"]);
  // Search results come best match first: no column claims to sort them.
  await expect(page.getByText("Best matches first")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Name/ })).toHaveCount(0);

  await page.reload();
  await expect.poll(names).toEqual(["Ticket Triage"]);
  await expect(page.getByRole("combobox", { name: "Filter by model" })).toHaveText("Claude Haiku 4.5");
  await expect(page.getByRole("searchbox", { name: "Search agents by name" })).toHaveValue("triage");
});

test("paging walks forward and back with the cursor trail in the URL", async ({ asUser }) => {
  const page = await asUser("member");
  const created: string[] = [];
  for (const name of ["Zeta Pager 1", "Zeta Pager 2", "Zeta Pager 3"]) {
    const result = await callConvex(page, "mutation", "portal/agents:create", { slug: "acme", name, model: "claude-haiku-4-5" });
    expect(result.status).toBe("success");
    if (result.status === "success") created.push(result.value as string);
  }
  await page.goto("/t/acme/agents");
  await choose(page, "Rows per page", "10");
  await expect(page).toHaveURL(/size=10/);
  await expect(page.locator("tbody tr")).toHaveCount(10);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByText("Page 2 · 1 agent shown")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveText([/Zeta Pager 3/]);
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveText([/Zeta Pager 3/]);
  await page.getByRole("button", { name: "Previous" }).click();
  await expect(page.getByText("Page 1 · 10 agents shown")).toBeVisible();
  await expect(page.getByRole("button", { name: "Previous" })).toBeDisabled();
  for (const agentId of created)
    expect((await callConvex(page, "mutation", "portal/agents:remove", { slug: "acme", agentId })).status).toBe("success");
});

/** agents:list pages at most 200 at a time (convex/portal/agents.ts): count every page. */
async function countAgents(page: Page, slug: string): Promise<number> {
  let count = 0;
  for (let cursor: string | null = null, done = false; !done;) {
    const listed = await callConvex(page, "query", "portal/agents:list", { slug, paginationOpts: { numItems: 200, cursor } });
    expect(listed.status).toBe("success");
    const value = (listed as { value: { page: unknown[]; isDone: boolean; continueCursor: string } }).value;
    count += value.page.length;
    ({ isDone: done, continueCursor: cursor } = value);
  }
  return count;
}

test("creating past the agent quota shows the seed's message and an upgrade link", async ({ asUser }) => {
  const page = await asUser("globexOwner");
  await page.goto("/t/globex/agents");
  // Other specs may change globex's plan (the billing spec upgrades it), so the limit is read, not assumed.
  const tenant = await callConvex(page, "query", "account/tenants:getBySlug", { slug: "globex" });
  expect(tenant.status).toBe("success");
  const limit = PLANS[(tenant as { value: { plan: PlanId } }).value.plan].quotas.agents!;
  const existing = await countAgents(page, "globex");
  // Fill up to one below the limit directly, then take the last slot and the one too many through the UI.
  for (let i = existing; i < limit - 1; i++) {
    expect(
      (await callConvex(page, "mutation", "portal/agents:create", { slug: "globex", name: `Quota filler ${i}`, model: "claude-haiku-4-5" }))
        .status,
    ).toBe("success");
  }
  await page.reload();
  await page.getByRole("button", { name: "New agent" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Last slot");
  await page.getByRole("dialog").getByRole("button", { name: "Create agent" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await page.getByRole("button", { name: "New agent" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("One too many");
  await page.getByRole("dialog").getByRole("button", { name: "Create agent" }).click();
  const alert = page.getByRole("dialog").getByRole("alert");
  await expect(alert).toContainText(`Agent quota exceeded. Current: ${limit}, Max: ${limit}. Upgrade your plan.`);
  await expect(alert.getByRole("link", { name: "Upgrade your plan" })).toHaveAttribute("href", "/t/globex/billing");
  await page.keyboard.press("Escape");
  expect(await countAgents(page, "globex")).toBe(limit);
});
