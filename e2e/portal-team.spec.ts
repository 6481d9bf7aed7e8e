// Issue 5: the Team page: invite and accept end to end, roles, removal, leaving, last owner, CSV import.
import { test, expect } from "./fixtures/test";
import { choose, expectAccessible, signInAs } from "./portal-helpers";

test("invite, accept in a second browser, change role, remove", async ({ asUser, browser }) => {
  const owner = await asUser("owner");
  await owner.goto("/t/acme/team");
  await owner.getByRole("button", { name: "Invite" }).click();
  const dialog = owner.getByRole("dialog");
  await dialog.getByLabel("Email").fill("not an email");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(dialog.getByText("Enter a valid email address.")).toBeVisible();
  await dialog.getByLabel("Email").fill("New.Hire@Example.test");
  await choose(owner, "Role", "Admin");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const link = await dialog.getByRole("textbox", { name: /Invitation link for new.hire@example.test/ }).inputValue();
  expect(link).toMatch(/\/invite\/[^/]+\.[A-Za-z0-9_-]+$/);
  await expectAccessible(owner, "invitation link dialog");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(owner.getByText("new.hire@example.test", { exact: true })).toBeVisible();

  // Someone else cannot use the link.
  const stranger = await signInAs(browser, "stranger@example.test");
  await stranger.goto(new URL(link).pathname);
  await expect(stranger.getByRole("heading", { name: "This invitation is for new.hire@example.test" })).toBeVisible();

  const invitee = await signInAs(browser, "new.hire@example.test");
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByRole("heading", { name: "Join Acme Corporation" })).toBeVisible();
  await expectAccessible(invitee, "invitation page");
  await invitee.getByRole("button", { name: "Accept invitation" }).click();
  await expect(invitee).toHaveURL(/\/t\/acme$/);
  await expect(invitee.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Settings" })).toBeVisible();

  // The owner's page follows live: the member appears, the invitation leaves the pending list.
  const row = owner.getByRole("row", { name: /New Hire/ });
  await expect(row).toBeVisible();
  await expect(owner.getByText("Nobody is waiting to join.")).toBeVisible();
  await owner.getByRole("combobox", { name: "Role of New Hire" }).click();
  await owner.getByRole("option", { name: "Viewer" }).click();
  await expect(owner.getByText("New Hire is now a viewer", { exact: true })).toBeVisible();
  await invitee.reload();
  await expect(invitee.getByRole("navigation", { name: "Workspace sections" }).getByRole("link", { name: "Settings" })).toHaveCount(0);

  await row.getByRole("button", { name: "Remove New Hire" }).click();
  await owner.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
  await expect(row).toHaveCount(0);
  const gone = await invitee.goto("/t/acme");
  expect(gone?.status()).toBe(404);
  // A spent link does nothing more.
  await invitee.goto(new URL(link).pathname);
  await expect(invitee.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
});

test("resend replaces the link and revoke ends it", async ({ asUser, browser }) => {
  const admin = await asUser("admin");
  await admin.goto("/t/acme/team");
  await admin.getByRole("button", { name: "Invite" }).click();
  await admin.getByRole("dialog").getByLabel("Email").fill("later@example.test");
  await admin.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
  const first = await admin.getByRole("textbox", { name: /Invitation link for later@example.test/ }).inputValue();
  await admin.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await admin.getByRole("button", { name: "Resend invitation to later@example.test" }).click();
  const second = await admin.getByRole("textbox", { name: /Invitation link for later@example.test/ }).inputValue();
  expect(second).not.toBe(first);
  const invitee = await signInAs(browser, "later@example.test");
  await invitee.goto(new URL(first).pathname);
  await expect(invitee.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
  await admin.getByRole("button", { name: "Revoke invitation to later@example.test" }).click();
  await invitee.goto(new URL(second).pathname);
  await expect(invitee.getByRole("heading", { name: "This invitation link does not work" })).toBeVisible();
});

test("the last owner can neither leave nor be demoted; a member can leave", async ({ asUser, browser }) => {
  const owner = await asUser("owner");
  await owner.goto("/t/acme/team");
  const me = owner.getByRole("row", { name: /Ava Thompson/ });
  await expect(me.getByRole("button", { name: "Leave" })).toBeDisabled();
  await expect(owner.getByRole("combobox", { name: "Role of Ava Thompson" })).toHaveCount(0);

  // A throwaway member joins through an invitation and leaves again.
  await owner.getByRole("button", { name: "Invite" }).click();
  await owner.getByRole("dialog").getByLabel("Email").fill("leaver@example.test");
  await owner.getByRole("dialog").getByRole("button", { name: "Send invitation" }).click();
  const link = await owner.getByRole("textbox", { name: /Invitation link/ }).inputValue();
  const leaver = await signInAs(browser, "leaver@example.test");
  await leaver.goto(new URL(link).pathname);
  await leaver.getByRole("button", { name: "Accept invitation" }).click();
  // Wait for the accept to land (it redirects into the workspace): navigating away at once can cancel it.
  await expect(leaver).toHaveURL(/\/t\/acme$/);
  await leaver.goto("/t/acme/team");
  await leaver
    .getByRole("row", { name: /Leaver/ })
    .getByRole("button", { name: "Leave" })
    .click();
  await leaver.getByRole("alertdialog").getByRole("button", { name: "Leave" }).click();
  await expect(leaver).toHaveURL(/\/(new)?$/);
  expect((await leaver.goto("/t/acme"))?.status()).toBe(404);
});

test("CSV import: a bad file changes nothing; a bad row is reported and the rest are invited", async ({ asUser }) => {
  const admin = await asUser("admin");
  await admin.goto("/t/acme/team");
  await admin.getByRole("button", { name: "Import CSV" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("email,name\nx@example.test,X\n") });
  await expect(dialog.getByText(/Nothing was imported\. Line 1: the header must be exactly name,email,role/)).toBeVisible();

  const csv = [
    "name,email,role",
    "Csv One,csv.one@example.test,member",
    "Broken,not-an-email,member",
    "Csv Two,csv.two@example.test,boss",
    "Dup,Csv.One@example.test,viewer",
    "Existing,viewer@acme.test,viewer",
    '"Three, Csv",csv.three@example.test,Viewer',
  ].join("\n");
  await dialog.getByLabel("CSV file").setInputFiles({ name: "team.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(dialog.getByText("2 to invite · 2 skipped · 2 invalid")).toBeVisible();
  await expectAccessible(admin, "CSV import preview");
  await dialog.getByRole("button", { name: "Invite 2 people" }).click();
  await expect(dialog.getByText("2 invited · 2 skipped · 2 invalid")).toBeVisible();
  const results = dialog.getByRole("table");
  await expect(results.getByRole("row", { name: /not-an-email/ })).toContainText("Invalid email address");
  await expect(results.getByRole("row", { name: /csv.two@example.test/ })).toContainText("Invalid role");
  await expect(results.getByRole("row", { name: /viewer@acme.test/ })).toContainText("Already a member");
  await expect(results.getByRole("row", { name: /csv.one@example.test/ }).first()).toContainText("Invited");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(admin.getByText("Three, Csv · csv.three@example.test")).toBeVisible();
  await expect(admin.getByText("Csv One · csv.one@example.test")).toBeVisible();
});
