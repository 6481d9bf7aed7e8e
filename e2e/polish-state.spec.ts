// Issue 18, state that must agree everywhere: a suspended workspace shows the same banner and
// disables the same actions on every page, and Convex refuses them; staff land on the admin
// console; a paid plan during a trial says the trial ends first; words for customers and staff.
import { expect, test } from "./fixtures/test";
import { callConvex, signInAs } from "./portal-helpers";

// Every page of the workspace's nav, the agent workspace's and notification pages included.
const PAGES = [
  "",
  "/agents",
  "/memory",
  "/tasks",
  "/conversations",
  "/messages",
  "/team",
  "/usage",
  "/billing",
  "/api-keys",
  "/webhooks",
  "/scopes",
  "/notifications",
  "/settings",
];

test("a suspended workspace shows the same banner on every page and disables the same actions", async ({ asUser }) => {
  const page = await asUser("umbrellaOwner");
  for (const path of PAGES) {
    await page.goto(`/t/umbrella${path}`);
    const banner = page.getByTestId("restriction-banner");
    await expect(banner, path).toContainText("This workspace is suspended");
    await expect(banner, path).toContainText("changes are disabled");
  }
  await page.goto("/t/umbrella/agents");
  await expect(page.getByRole("button", { name: "New agent" })).toBeDisabled();
  // Agents do not run while the workspace is suspended: every row says "Stopped", none "Active" or "Paused".
  const stopped = page.getByRole("cell", { name: "Stopped", exact: true });
  await expect(stopped.first()).toBeVisible();
  const rows = await page.getByRole("table").getByRole("row").count();
  await expect(stopped).toHaveCount(rows - 1);
  await expect(page.getByRole("cell", { name: /^(Active|Paused)$/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Actions for/ })).toHaveCount(0);
  await page.goto("/t/umbrella/team");
  await expect(page.getByRole("button", { name: "Invite" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Import CSV" })).toBeDisabled();
  await page.goto("/t/umbrella/api-keys");
  await expect(page.getByRole("button", { name: "Create key", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: /^Create/, disabled: false })).toHaveCount(0);
  await page.goto("/t/umbrella/settings");
  await expect(page.getByRole("button", { name: "Save changes" })).toBeDisabled();
  await expect(page.getByLabel("Workspace name")).toBeDisabled();

  // The server refuses the same actions, whatever the page shows.
  for (const [path, args] of [
    ["portal/agents:create", { slug: "umbrella", name: "Sneaky", model: "claude-haiku-4-5" }],
    ["portal/invitations/invites:create", { slug: "umbrella", email: "late@example.test", role: "member" }],
    ["portal/settings:update", { slug: "umbrella", name: "Renamed", billingEmail: "x@example.test", monthlyBudgetCents: null }],
    ["portal/departments:create", { slug: "umbrella", name: "Sneaky", costCenter: "CC-1" }],
    ["portal/apiKeys:create", { slug: "umbrella", name: "Sneaky key" }],
  ] as const) {
    const result = await callConvex(page, "mutation", path, args);
    expect(result.status === "error" && result.errorData?.code, path).toBe("TENANT_SUSPENDED");
  }
});

test("staff who sign in land on the admin console", async ({ asUser }) => {
  const page = await asUser("staff");
  await page.goto("/");
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Platform admin" })).toBeVisible();
});

test("during a trial, the plans say before checkout that choosing one ends the trial; a paying workspace is not told", async ({
  asUser,
  browser,
}) => {
  // Initech's owner is not one of the saved sessions.
  const trial = await signInAs(browser, "owner@initech.test");
  await trial.goto("/t/initech/billing");
  const note = trial.getByTestId("trial-ends-note");
  await expect(note).toContainText("Choosing a plan ends the trial today");
  await expect(note).toContainText("charged at checkout");
  // The note's date is the subscription card's.
  const until = /Your trial runs until (.+?)\./.exec(await note.innerText())?.[1];
  expect(until).toBeTruthy();
  await expect(trial.getByText(`Trial until ${until}.`)).toBeVisible();
  await expect(trial.getByRole("button", { name: /^Choose / })).not.toHaveCount(0);

  const paying = await asUser("owner");
  await paying.goto("/t/acme/billing");
  await expect(paying.getByTestId("plan-pro")).toBeVisible();
  await expect(paying.getByTestId("trial-ends-note")).toHaveCount(0);
});

test("customers read 'workspace', never 'tenant'; staff read 'tenant'", async ({ asUser }) => {
  const owner = await asUser("owner");
  for (const path of ["/", ...PAGES.map((p) => `/t/acme${p}`), "/new"]) {
    await owner.goto(path);
    await expect(owner.getByRole("heading").first()).toBeVisible();
    const text = await owner.locator("body").innerText();
    expect(text.match(/\btenants?\b/gi), path).toBeNull();
  }
  await owner.goto("/t/acme");
  await owner.getByRole("button", { name: /Switch workspace/ }).click();
  await expect(owner.getByRole("menuitem", { name: "New workspace" })).toBeVisible();
  await owner.keyboard.press("Escape");
  await owner.goto("/");
  await expect(owner.getByRole("link", { name: "New workspace" })).toBeVisible();

  const staff = await asUser("staff");
  await staff.goto("/admin/tenants");
  await expect(staff.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Tenants" })).toBeVisible();
});

test("Export sits outside the danger zone, and the email outbox link is not in the Billing header", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme/settings");
  const danger = page.locator("section", { has: page.getByRole("heading", { name: "Danger zone" }) });
  await expect(danger.getByRole("heading", { name: "Delete this workspace" })).toBeVisible();
  await expect(danger.getByRole("heading", { name: "Export all data" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Export all data" })).toBeVisible();
  await page.getByRole("button", { name: "Delete workspace" }).click();
  await expect(page.getByTestId("delete-subscription-note")).toContainText("subscription");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("delete-subscription-note")).toBeHidden();

  // One link to the billing emails on the page, and it is the one under Invoices (not in the header).
  await page.goto("/t/acme/billing");
  await expect(page.getByRole("link", { name: /outbox|billing emails/i })).toHaveCount(1);
  await expect(
    page.locator("section", { has: page.getByRole("heading", { name: "Invoices" }) }).getByRole("link", { name: /Billing emails/ }),
  ).toBeVisible();
});
