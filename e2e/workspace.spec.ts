// Issue 19: the agent workspace through the production build: acme and globex agents (tau, pi) write
// through the runtime API and MCP with keys made on the API keys page; each portal shows only its own.
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures/test";
import { expectAccessible } from "./portal-helpers";

test.describe.configure({ mode: "serial" });

async function createKey(page: Page, slug: string): Promise<string> {
  await page.goto(`/t/${slug}/api-keys`);
  // The header's button (an empty workspace also offers "Create your first key").
  await page.getByRole("button", { name: "Create key", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("workspace e2e");
  await dialog.getByRole("button", { name: "Create key" }).click();
  const field = dialog.getByTestId("new-api-key");
  await expect(field).toHaveValue(/^\S{20,}$/);
  const key = await field.inputValue();
  await dialog.getByRole("button", { name: "I have stored it" }).click();
  await expect(dialog).toBeHidden();
  return key;
}
const auth = (key: string) => ({ Authorization: `Bearer ${key}`, "Content-Type": "application/json" });
const keys: Record<string, string> = {};

test("agents of acme and globex write through the API and MCP; each portal shows only its own", async ({ asUser, request }) => {
  const acme = await asUser("owner");
  const globex = await asUser("globexOwner");
  keys.acme = await createKey(acme, "acme");
  keys.globex = await createKey(globex, "globex");
  for (const slug of ["acme", "globex"]) {
    const h = auth(keys[slug]);
    expect(
      (
        await request.post("/api/v1/memories", {
          headers: h,
          data: { namespace: `workspace/${slug}`, type: "project", content: `${slug} database notes`, createdBy: "tau" },
        })
      ).status(),
    ).toBe(201);
    expect(
      (
        await request.post("/api/v1/tasks", {
          headers: h,
          data: { title: `${slug} catalog migration`, project: `studio/${slug}`, assignedTo: "tau", priority: "high" },
        })
      ).status(),
    ).toBe(201);
    expect(
      (
        await request.post("/api/v1/messages", { headers: h, data: { from: "tau", channel: "pi", content: `${slug}: migration complete` } })
      ).status(),
    ).toBe(201);
    // MCP over HTTP: initialize, then a tool call (stateless: no session header needed).
    const rpc = (id: number, method: string, params: object) =>
      request.post("/api/mcp", {
        headers: { ...h, Accept: "application/json, text/event-stream" },
        data: { jsonrpc: "2.0", id, method, params },
      });
    expect(
      (await rpc(1, "initialize", { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "e2e", version: "1" } })).status(),
    ).toBe(200);
    const call = await rpc(2, "tools/call", { name: "recall", arguments: { query: "database" } });
    const text = ((await call.json()) as { result: { content: { text: string }[] } }).result.content[0].text;
    expect(text).toContain(`${slug} database notes`);
    expect(text).not.toContain(slug === "acme" ? "globex" : "acme");
  }

  await acme.goto("/t/acme/memory");
  await expect(acme.getByRole("list", { name: "Memories" })).toContainText("acme database notes");
  await expect(acme.getByText("globex database notes")).toHaveCount(0);
  await expectAccessible(acme, "memory");
  await acme.getByLabel("Search memories").fill("database");
  await expect(acme.getByRole("list", { name: "Memories" }).getByRole("listitem")).toHaveCount(1);
  await acme.getByRole("button", { name: /Delete memory acme database notes/ }).click();
  await expect(acme.getByText("No memories here")).toBeVisible();

  await acme.goto("/t/acme/tasks");
  await expect(acme.getByRole("region", { name: "To do" })).toContainText("acme catalog migration");
  await expect(acme.getByText("globex catalog migration")).toHaveCount(0);
  await expectAccessible(acme, "tasks");

  await globex.goto("/t/globex/messages");
  await expect(globex.getByRole("list", { name: "Messages in pi" })).toContainText("globex: migration complete");
  await expect(globex.getByText("acme: migration complete")).toHaveCount(0);

  // Another workspace's page is not found, as for any non-member.
  const cross = await globex.goto("/t/acme/memory");
  expect(cross?.status()).toBe(404);
});

test("scopes: an admin adds staging; a staging key's memory is not in production's view", async ({ asUser, request }) => {
  const acme = await asUser("owner");
  await acme.goto("/t/acme/scopes");
  await acme.getByLabel("New environment").fill("staging");
  await acme.getByRole("button", { name: "Add environment" }).click();
  await expect(acme.getByRole("list", { name: "Environments" }).getByRole("listitem")).toContainText(["production", "staging"]);
  await expectAccessible(acme, "scopes");
  await acme.getByLabel(/Environment of workspace e2e/).selectOption("staging");
  await expect(acme.getByText("Scope saved", { exact: true })).toBeVisible();
  expect(
    (
      await request.post("/api/v1/memories", {
        headers: auth(keys.acme),
        data: { namespace: "global", content: "staging only memory", createdBy: "tau" },
      })
    ).status(),
  ).toBe(201);
  await acme.goto("/t/acme/memory");
  await expect(acme.getByText("staging only memory")).toHaveCount(0);
  await acme.getByLabel("Environment", { exact: true }).selectOption("staging");
  await expect(acme.getByRole("list", { name: "Memories" })).toContainText("staging only memory");
});
