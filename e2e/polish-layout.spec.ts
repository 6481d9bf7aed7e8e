// Issue 18, layout: no page scrolls sideways at 1440, 1024, 768 or 390 px, for any role;
// wide tables scroll in their own container; long lists on the tenant detail are capped.
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures/test";
import type { UserKey } from "./fixtures/users";
import { callConvex } from "./portal-helpers";

const WIDTHS = [1440, 1024, 768, 390];

const PAGES: Record<string, { user: UserKey; paths: string[] }> = {
  owner: {
    user: "owner",
    paths: [
      "/",
      "/t/acme",
      "/t/acme/agents",
      "/t/acme/team",
      "/t/acme/usage",
      "/t/acme/billing",
      "/t/acme/api-keys",
      "/t/acme/settings",
      "/new",
      "/docs",
      "/docs/api",
      "/t/acme/no-such-page",
    ],
  },
  viewer: { user: "viewer", paths: ["/t/acme", "/t/acme/team", "/t/acme/usage"] },
  suspended: { user: "umbrellaOwner", paths: ["/t/umbrella", "/t/umbrella/agents", "/t/umbrella/billing"] },
  staff: {
    user: "staff",
    paths: [
      "/admin",
      "/admin/tenants",
      "/admin/tenants/acme",
      "/admin/tenants/umbrella",
      "/admin/audit",
      "/admin/webhooks",
      "/admin/deployments",
      "/t/acme",
    ],
  },
};

/** How far the document is wider than the viewport (0 when it fits), and what sticks out. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    if (over <= 0) return { over: 0, culprits: [] as string[] };
    // What sticks out, outermost first, leaving out what a scrolling box already clips.
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== "visible") return true;
      return false;
    };
    const out = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el));
    const culprits = out
      .filter((el) => !out.includes(el.parentElement!))
      .slice(0, 3)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 4).join(".")}`);
    return { over, culprits };
  });
}

/** Waits for layout after a resize: charts re-measure on a ResizeObserver callback, a frame or two later. */
async function settledOverflow(page: Page) {
  let result = await overflow(page);
  for (let frame = 0; frame < 10 && result.over > 0; frame++) {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    result = await overflow(page);
  }
  return result;
}

for (const [role, { user, paths }] of Object.entries(PAGES)) {
  test(`no page scrolls sideways at ${WIDTHS.join(", ")} px (${role})`, async ({ asUser }) => {
    test.setTimeout(180_000);
    const page = await asUser(user);
    const failures: string[] = [];
    for (const path of paths) {
      await page.setViewportSize({ width: WIDTHS[0], height: 900 });
      await page.goto(path);
      await expect(page.getByRole("heading").first()).toBeVisible();
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const { over, culprits } = await settledOverflow(page);
        if (over > 0) failures.push(`${path} @${width}px: ${over}px too wide (${culprits.join(", ")})`);
      }
    }
    expect(failures).toEqual([]);
  });
}

test("the tenant detail caps its webhook list with a link to the full view, and tables scroll in their own box", async ({ asUser }) => {
  const page = await asUser("staff");
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto("/admin/tenants/acme");
  const list = page.getByRole("list", { name: "Latest webhook events" });
  if (await list.count()) expect(await list.getByRole("listitem").count()).toBeLessThanOrEqual(9);
  await expect(page.getByRole("link", { name: /webhook events/ }).first()).toHaveAttribute("href", "/admin/webhooks?tenant=acme");
  // The audit table is wider than a phone: its container scrolls, the page does not, and the first column stays put.
  const table = page.getByRole("table", { name: "Recent audit entries" });
  const box = table.locator("xpath=..");
  const scrolls = await box.evaluate((el) => getComputedStyle(el).overflowX);
  expect(scrolls).toBe("auto");
  expect(
    await table
      .locator("th")
      .first()
      .evaluate((el) => getComputedStyle(el).position),
  ).toBe("sticky");
});

test("a pending invitation row keeps its details on one line and its actions visible on a phone", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.setViewportSize({ width: 390, height: 900 });
  const invited = await callConvex(page, "mutation", "portal/invitations/invites:create", {
    slug: "acme",
    email: "a.rather.long.address.for.a.phone@example.test",
    role: "member",
  });
  expect(invited.status).toBe("success");
  const { invitationId } = (invited as { value: { invitationId: string } }).value;
  try {
    await page.goto("/t/acme/team");
    const row = page.getByTestId("pending-invitation").filter({ hasText: "a.rather.long.address" });
    await row.scrollIntoViewIfNeeded();
    const details = await row.locator("p").first().boundingBox();
    const rowBox = await row.boundingBox();
    // The email line gets the row's full width (minus padding), not a sliver beside the buttons.
    expect(details!.width).toBeGreaterThan(rowBox!.width * 0.7);
    for (const name of [/Resend invitation/, /Revoke invitation/]) {
      const button = await row.getByRole("button", { name }).boundingBox();
      expect(button!.x).toBeGreaterThanOrEqual(0);
      expect(button!.x + button!.width).toBeLessThanOrEqual(390);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  } finally {
    // Leave the team as seeded for the other specs.
    await callConvex(page, "mutation", "portal/invitations/invites:revoke", { slug: "acme", invitationId });
  }
});
