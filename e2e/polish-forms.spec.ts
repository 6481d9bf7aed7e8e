// Issue 18, forms and keyboard: errors clear as soon as the value is valid, a refused submit
// focuses the first invalid field, focus returns to the opener, Escape closes the dialog (not
// the toast), a skip link leads past the navigation, staff confirm destructive actions with the
// slug, and quota overrides take storage in GB.
import { expect, test } from "./fixtures/test";
import { callConvex, signInAs } from "./portal-helpers";

test("an agent name error clears once the name is valid; closing returns focus to New agent", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme/agents");
  const opener = page.getByRole("button", { name: "New agent" });
  await opener.click();
  const dialog = page.getByRole("dialog");
  const name = dialog.getByLabel("Name");
  await name.fill("");
  await dialog.getByRole("button", { name: "Create agent" }).click();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toBeFocused();
  // The error is the field's description, so a screen reader reads it with the field.
  await expect(name).toHaveAccessibleDescription("The agent name must be 1 to 80 characters.");
  await expect(dialog.getByText("The agent name must be 1 to 80 characters.")).toBeVisible();
  // Cleared on the next valid keystroke, not on the next submit.
  await name.fill("A valid agent name");
  await expect(dialog.getByText("The agent name must be 1 to 80 characters.")).toHaveCount(0);
  await expect(name).toHaveAccessibleDescription("");
  await expect(name).toHaveAttribute("aria-invalid", "false");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
});

test("a refused settings value shows its error on the field and moves focus there; fixing it clears it", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme/settings");
  const budget = page.getByLabel("Monthly budget (USD)");
  const original = await budget.inputValue();
  await budget.fill("-5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(budget).toHaveAccessibleDescription("The budget must be zero or more.");
  await expect(page.getByText("The budget must be zero or more.")).toBeVisible();
  await expect(budget).toBeFocused();
  await budget.fill(original);
  await expect(page.getByText("The budget must be zero or more.")).toHaveCount(0);
  // The hint is back in the error's place.
  await expect(budget).toHaveAccessibleDescription("Leave empty for no budget. Shown against month-to-date cost.");
});

test("the first Tab reaches a skip link that leads past the navigation", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme/agents");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  // The next stop is the page's first control, past the header and the section nav ("New agent", or the link of a
  // banner above it: in the full suite api.spec.ts's flood leaves acme with the rate-limit banner for a day).
  const inContent = () =>
    page.evaluate(() => {
      const content = document.querySelector("[data-page-content]");
      const el = document.activeElement;
      return Boolean(content && el && el !== content && content.contains(el) && /^(A|BUTTON)$/.test(el.tagName));
    });
  expect(await inContent()).toBe(true);
});

test("after an invitation, Escape closes the dialog (not the toast) and focus returns to Invite", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme/team");
  const opener = page.getByRole("button", { name: "Invite" });
  await opener.click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Email").fill("escape.key@example.test");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByRole("textbox", { name: /Invitation link for escape.key@example.test/ })).toBeVisible();
  // Exact: the toast, not the live region that announces it ("Notification Invited ...").
  await expect(page.getByText("Invited escape.key@example.test as member", { exact: true })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  // Leave the team as seeded.
  await page.getByRole("button", { name: "Revoke invitation to escape.key@example.test" }).click();
  await expect(page.getByRole("button", { name: "Revoke invitation to escape.key@example.test" })).toHaveCount(0);
});

test("staff confirm a suspension or deletion with the slug, and set storage overrides in GB", async ({ asUser }) => {
  const staff = await asUser("staff");
  await staff.goto("/admin/tenants/globex");
  for (const [action, confirmLabel] of [
    ["Suspend", "Suspend tenant"],
    ["Delete", "Delete tenant"],
  ]) {
    const opener = staff.getByRole("button", { name: action, exact: true });
    await opener.click();
    const dialog = staff.getByRole("dialog");
    await dialog.getByLabel(/Reason/).fill("Checking the confirmation");
    const confirm = dialog.getByRole("button", { name: confirmLabel });
    // A reason alone is not enough: the slug, exactly.
    await expect(confirm, action).toBeDisabled();
    await dialog.getByLabel("Type globex to confirm").fill("globe");
    await expect(confirm, action).toBeDisabled();
    await dialog.getByLabel("Type globex to confirm").fill("globex");
    await expect(confirm, action).toBeEnabled();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  }

  const quotaButton = staff.getByRole("button", { name: "Quota overrides" });
  await quotaButton.click();
  const quotas = staff.getByRole("dialog");
  // Labelled in GB, with the plan's value in GB too (not bytes).
  const storage = quotas.getByRole("textbox", { name: /^Storage \(GB\) · plan: [\d,.]+ GB$/ });
  await expect(storage).toBeDisabled();
  await quotas.getByRole("combobox", { name: "Storage (GB): source" }).click();
  await staff.getByRole("option", { name: "Custom" }).click();
  await storage.fill("12.5.1");
  await quotas.getByRole("button", { name: "Save overrides" }).click();
  await expect(storage).toHaveAccessibleDescription("Enter storage in GB, e.g. 100 or 2.5.");
  await expect(quotas).toBeVisible();
  await storage.fill("12.5");
  await quotas.getByRole("button", { name: "Save overrides" }).click();
  await expect(quotas).toBeHidden();
  const detail = await callConvex(staff, "query", "admin/tenantDetail:get", { slug: "globex" });
  const overrides = (detail as { value: { tenant: { quotaOverrides: { storageBytes?: number } } } }).value.tenant.quotaOverrides;
  expect(overrides.storageBytes).toBe(Math.round(12.5 * 1024 ** 3));
  // Back to the plan's storage, as seeded.
  await quotaButton.click();
  await staff.getByRole("dialog").getByRole("combobox", { name: "Storage (GB): source" }).click();
  await staff.getByRole("option", { name: "Plan default" }).click();
  await staff.getByRole("dialog").getByRole("button", { name: "Save overrides" }).click();
  await expect(staff.getByRole("dialog")).toBeHidden();
});

test("onboarding's name error clears as soon as the name is valid, and a refused Continue focuses the field", async ({ browser }) => {
  const page = await signInAs(browser, "polish.state@example.test");
  await page.goto("/new");
  const name = page.getByLabel("Workspace name");
  await name.fill("P");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(name).toHaveAccessibleDescription("The name must be 2 to 80 characters.");
  await expect(name).toBeFocused();
  await name.fill("Polish State Labs");
  await expect(page.getByText("The name must be 2 to 80 characters.")).toHaveCount(0);
  await expect(name).toHaveAttribute("aria-invalid", "false");
  await expect(page.getByText("/t/polish-state-labs is available")).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("14-day free trial")).toBeVisible();
});
