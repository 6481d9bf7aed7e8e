/**
 * The portal's view of the workspace (convex/workspace/browse.ts, settings.ts)
 * with the seeds' two companies: each owner sees only its own memories, tasks,
 * messages and conversations, per scope; naming the other's slug is "not found".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../../convex/_generated/api";
import type { ProjectBackend } from "../support/convex-local";
import type { SeededTenant } from "../tenancy/support/world";
import { callRoute, mintKey, seedCompany, startWorkspaceBackend } from "./support";

let t: ProjectBackend;
let acme: SeededTenant;
let globex: SeededTenant;

beforeAll(async () => {
  t = await startWorkspaceBackend("workspace-portal");
  acme = await seedCompany(t, "acme-corp");
  globex = await seedCompany(t, "globex-corp");
  const memories = await import("../../app/api/v1/memories/route");
  const tasks = await import("../../app/api/v1/tasks/route");
  const messages = await import("../../app/api/v1/messages/route");
  for (const [tenant, who] of [
    [acme, "acme"],
    [globex, "globex"],
  ] as const) {
    const key = await mintKey(t, tenant);
    const staging = await mintKey(t, tenant, { environment: "staging" });
    await callRoute(memories.POST as never, "POST", "/api/v1/memories", key, {
      namespace: "project/x",
      content: `${who} shared memory`,
      createdBy: "tau",
    });
    await callRoute(memories.POST as never, "POST", "/api/v1/memories", staging, {
      namespace: "project/x",
      content: `${who} staging memory`,
      createdBy: "tau",
    });
    await callRoute(tasks.POST as never, "POST", "/api/v1/tasks", key, { title: `${who} task`, project: "studio/x", assignedTo: "pi" });
    await callRoute(messages.POST as never, "POST", "/api/v1/messages", key, { from: "tau", channel: "pi", content: `${who} note` });
  }
}, 120_000);
afterAll(async () => t?.dispose());

const owner = (s: SeededTenant) => t.withIdentity({ subject: s.users.owner!.externalId, email: s.users.owner!.email, name: "owner" });
const page = { paginationOpts: { numItems: 50, cursor: null } };

describe("portal: two companies", () => {
  it("memories, board and messages show only the workspace's own rows, in the chosen scope", async () => {
    for (const [tenant, who] of [
      [acme, "acme"],
      [globex, "globex"],
    ] as const) {
      const as = owner(tenant);
      const prod = await as.query(api.workspace.browse.memories, { slug: tenant.slug, ...page });
      expect(prod.page.map((m: { content: string }) => m.content)).toEqual([`${who} shared memory`]);
      const staging = await as.query(api.workspace.browse.memories, { slug: tenant.slug, environment: "staging", ...page });
      expect(staging.page.map((m: { content: string }) => m.content)).toEqual([`${who} staging memory`]);
      const found = await as.query(api.workspace.browse.memories, { slug: tenant.slug, search: "memory", ...page });
      expect(found.page.map((m: { content: string }) => m.content)).toEqual([`${who} shared memory`]);
      const board = await as.query(api.workspace.browse.board, { slug: tenant.slug });
      expect(board.columns.flatMap((c: { tasks: { title: string }[] }) => c.tasks.map((x) => x.title))).toEqual([`${who} task`]);
      const messages = await as.query(api.workspace.browse.messages, { slug: tenant.slug });
      expect(messages.messages.map((m: { content: string }) => m.content)).toEqual([`${who} note`]);
    }
    await expect(owner(acme).query(api.workspace.browse.memories, { slug: "globex-corp", ...page })).rejects.toMatchObject({
      data: { code: "NOT_FOUND" },
    });
  });
});
