// Issue 18, charts and numbers: round axis ticks, tooltips with the date and a formatted value,
// one format per kind of number (GB, tokens, "Unlimited"), and no "0.0%" for a rate over nothing.
import type { Locator } from "@playwright/test";
import { expect, test } from "./fixtures/test";

/** An axis's tick labels. Recharts 3 draws them in a layer of their own, outside the axis's <g>. */
const tickLabels = (chart: Locator, axis: "y" | "x") =>
  chart.locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`);

/** The numbers on a chart's value axis, once Recharts (loaded after the page) has drawn it. */
async function axisValues(chart: Locator, axis: "y" | "x" = "y"): Promise<number[]> {
  const ticks = tickLabels(chart, axis);
  await expect(ticks.first()).toBeVisible();
  // textContent: SVG <text> has no innerText.
  return (await ticks.allTextContents()).map((t) =>
    Number(
      t
        .replace(/[$,\s]/g, "")
        .replace(/K$/, "e3")
        .replace(/M$/, "e6"),
    ),
  );
}

/** Round ticks: 0, then equal steps of 1, 2, 2.5 or 5 times a power of ten. */
function expectRound(values: number[], label: string) {
  expect(values[0], label).toBe(0);
  const step = values[1] - values[0];
  const mantissa = step / 10 ** Math.floor(Math.log10(step));
  expect([1, 2, 2.5, 5], `${label}: step ${step}`).toContainEqual(Number(mantissa.toPrecision(6)));
  values.forEach((v, i) => expect(v, label).toBeCloseTo(i * step, 6));
}

test("chart axes use round ticks, and the tooltip names the day and the formatted value", async ({ asUser }) => {
  const page = await asUser("owner");
  await page.goto("/t/acme");
  const calls = page.getByRole("img", { name: "Calls per day" });
  expectRound(await axisValues(calls), "overview calls");
  const box = (await calls.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  const tooltip = calls.locator(".recharts-tooltip-wrapper");
  await expect(tooltip).toContainText(/[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}/);
  await expect(tooltip).toContainText(/Calls: [\d,]+/);

  await page.goto("/t/acme/usage");
  const cost = page.getByRole("img", { name: "Cost per day" });
  const dollars = await axisValues(cost);
  expectRound(dollars, "usage cost");
  // Dollars on the axis, whole when the tick is ("$10", not "$10.00"); round steps are checked above.
  for (const text of await tickLabels(cost, "y").allTextContents()) {
    expect(text).toMatch(/^\$[\d,]+(\.\d\d)?$/);
    expect(text).not.toMatch(/\.00$/);
  }
  const breakdown = page.getByRole("img", { name: "Cost breakdown" });
  expectRound(await axisValues(breakdown, "x"), "usage breakdown");

  const staff = await asUser("staff");
  await staff.goto("/admin");
  expectRound(await axisValues(staff.getByRole("img", { name: "Calls per day" })), "admin calls");
});

test("one format per kind of number: GB without '.0', compact tokens, 'Unlimited'", async ({ asUser }) => {
  const page = await asUser("owner");
  for (const path of ["/t/acme", "/t/acme/billing", "/t/acme/usage"]) {
    await page.goto(path);
    await expect(page.getByRole("heading").first()).toBeVisible();
    const text = await page.locator("main").innerText();
    expect(text, path).not.toMatch(/\b\d+\.0 GB\b/);
    expect(text, path).not.toMatch(/\b\d{4,} GB\b/);
    expect(text, path).not.toMatch(/\bunlimited\b/);
    expect(text, path).not.toMatch(/ M\b/);
  }
  await page.goto("/t/acme");
  await expect(page.locator("[data-slot=quota-bar]").filter({ hasText: "Storage" })).toContainText(/^Storage[\d.,]+ GB \/ [\d,]+ GB$/);
  await expect(page.locator("[data-slot=quota-bar]").filter({ hasText: "Tokens this month" })).toContainText(/[\d.]+[KMB]? \/ [\d.]+[KMB]/);
  await page.goto("/t/acme/billing");
  await expect(page.getByTestId("quota-storage")).toHaveText(/^[\d,]+ GB$/);
  await expect(page.getByTestId("plan-enterprise")).toContainText("1,000 GB storage");

  const staff = await asUser("staff");
  await staff.goto("/admin/tenants/acme");
  const text = await staff.locator("main").innerText();
  expect(text).not.toMatch(/\b\d+\.0 GB\b/);
  expect(text).not.toMatch(/\bunlimited\b/);
});

test("no data is one rule: a period without calls shows '—' for the error rate and empty charts, not 0.0% or a $0 axis", async ({
  asUser,
}) => {
  const page = await asUser("owner");
  // Years before the seed's 90 days of usage.
  await page.goto("/t/acme/usage?from=2020-01-01&to=2020-01-31");
  await expect(page.getByTestId("usage-cost")).toContainText("$0.00");
  const main = page.locator("main");
  await expect(main).toContainText(/Error rate\s*—/);
  await expect(main).not.toContainText("0.0%");
  await expect(main.getByText("No cost in this period")).toBeVisible();
  await expect(main.getByText("No usage in this period.")).toBeVisible();
  await expect(main.getByRole("img", { name: "Cost per day" })).toHaveCount(0);
  await expect(main.locator(".recharts-surface")).toHaveCount(0);
});

test("relative times hydrate without an error when the browser's clock is minutes ahead of the server's", async ({ asUser }) => {
  const page = await asUser("owner");
  // "N min ago" is rendered by the server and again while hydrating; a clock 10 minutes ahead makes
  // the two texts differ, as a minute boundary between render and hydration does on a slow machine.
  await page.clock.setFixedTime(new Date(Date.now() + 10 * 60_000));
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("/t/acme/api-keys");
  // api.spec's keys have been used: the page holds relative times to hydrate.
  await expect(page.locator("main time").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Create key" })).toBeEnabled();
  // Hydration has run once the first click opens the dialog (fetched when opened).
  await expect(async () => {
    if (!(await page.getByLabel("Name").isVisible())) await page.getByRole("button", { name: "Create key" }).click({ timeout: 2_000 });
    await expect(page.getByLabel("Name")).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 30_000 });
  expect(errors).toEqual([]);
});
