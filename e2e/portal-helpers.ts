/**
 * Helpers for the portal specs: sign in as any email (new users included), call
 * Convex directly as the signed-in user (what a script in the page could do), and
 * an axe check that fails on serious or critical violations.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Browser, type Page } from "@playwright/test";
import { waitForRevealOnLoad } from "./fixtures/reveal";

export const CONVEX_URL = `http://127.0.0.1:${process.env.E2E_CONVEX_PORT ?? 3310}`;

export async function signInAs(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = waitForRevealOnLoad(await context.newPage());
  const res = await page.request.post("/api/local-auth/sign-in", { data: { email } });
  expect(res.status()).toBe(200);
  return page;
}

/** A Convex function called over HTTP with the page's own token: the server must refuse what the UI hides. */
export async function callConvex(page: Page, kind: "query" | "mutation", path: string, args: Record<string, unknown>) {
  const { token } = (await (await page.request.get("/api/local-auth/token")).json()) as { token: string };
  const res = await page.request.post(`${CONVEX_URL}/api/${kind}`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { path, args, format: "json" },
  });
  return (await res.json()) as
    | { status: "success"; value: unknown }
    | { status: "error"; errorMessage: string; errorData?: { code: string; message: string; field?: string } };
}

export async function expectAccessible(page: Page, label: string) {
  // Judge the settled page: while live data replaces the server-rendered rows, they are dimmed as stale.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")}`,
    ),
    `axe on ${label}`,
  ).toEqual([]);
}

/** Picks an option of a labelled Radix select. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option, exact: typeof option === "string" }).click();
}

/** The text of a file the page downloads when `trigger` runs. */
export async function downloadText(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), trigger()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString("utf8") };
}
