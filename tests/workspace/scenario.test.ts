/**
 * The seeds' acceptance scenario (issue 19): acme and globex run agents with
 * the same names (`tau`, `pi`) on one deployment. Each stores memories, creates
 * tasks and missions, sends and checks messages and dispatches, through the
 * runtime API and through MCP (the SDK's own client); every read of each
 * returns only its own rows. Staging/production and team scopes hold the same
 * way, and conversations with different organisationId values see only their own data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProjectBackend } from "../support/convex-local";
import type { SeededTenant } from "../tenancy/support/world";
import { bind, callRoute, mintKey, seedCompany, startWorkspaceBackend } from "./support";
import { mcpClient } from "./mcp-client";

let t: ProjectBackend;
let acme: SeededTenant;
let globex: SeededTenant;
let keys: Record<"acme" | "globex", string>;
type R = typeof import("../../app/api/v1/memories/route");
let routes: {
  memories: R;
  recall: typeof import("../../app/api/v1/memories/recall/route");
  tasks: typeof import("../../app/api/v1/tasks/route");
  task: typeof import("../../app/api/v1/tasks/[id]/route");
  missions: typeof import("../../app/api/v1/missions/route");
  messages: typeof import("../../app/api/v1/messages/route");
  check: typeof import("../../app/api/v1/messages/check/route");
  dispatch: typeof import("../../app/api/v1/dispatch/route");
  conversations: typeof import("../../app/api/v1/conversations/route");
  thread: typeof import("../../app/api/v1/conversations/[id]/messages/route");
  environments: typeof import("../../app/api/v1/environments/route");
  mcp: typeof import("../../app/api/mcp/route");
};

beforeAll(async () => {
  t = await startWorkspaceBackend("workspace-scenario");
  routes = {
    memories: await import("../../app/api/v1/memories/route"),
    recall: await import("../../app/api/v1/memories/recall/route"),
    tasks: await import("../../app/api/v1/tasks/route"),
    task: await import("../../app/api/v1/tasks/[id]/route"),
    missions: await import("../../app/api/v1/missions/route"),
    messages: await import("../../app/api/v1/messages/route"),
    check: await import("../../app/api/v1/messages/check/route"),
    dispatch: await import("../../app/api/v1/dispatch/route"),
    conversations: await import("../../app/api/v1/conversations/route"),
    thread: await import("../../app/api/v1/conversations/[id]/messages/route"),
    environments: await import("../../app/api/v1/environments/route"),
    mcp: await import("../../app/api/mcp/route"),
  };
  acme = await seedCompany(t, "acme-corp");
  globex = await seedCompany(t, "globex-corp");
  keys = { acme: await mintKey(t, acme), globex: await mintKey(t, globex) };
}, 120_000);
afterAll(async () => t?.dispose());

const post = (h: { POST: (r: Request, c: never) => Promise<Response> }, path: string, key: string, body: unknown, id?: string) =>
  callRoute(h.POST as never, "POST", path, key, body, id);
const get = (h: { GET: (r: Request, c: never) => Promise<Response> }, path: string, key: string, id?: string) =>
  callRoute(h.GET as never, "GET", path, key, undefined, id);
const contents = (b: Record<string, unknown>, field: string) =>
  (b[field] as { content?: string; title?: string }[]).map((x) => x.content ?? x.title);

describe("two companies, one deployment: the runtime API", () => {
  it("memories: same agent names, same words, each recall and list returns only its own", async () => {
    for (const [who, db] of [
      ["acme", "PostgreSQL 15 with pgvector"],
      ["globex", "MongoDB Atlas with strict schema validation"],
    ] as const) {
      const slug = who === "acme" ? "acme-corp" : "globex-corp";
      expect(
        await post(routes.memories, "/api/v1/memories", keys[who], {
          namespace: `workspace/${slug}`,
          type: "project",
          content: `${who} database setup: ${db}.`,
          createdBy: "tau",
        }),
      ).toMatchObject({ status: 201, body: { namespace: "global", createdBy: "tau" } });
      await post(routes.memories, "/api/v1/memories", keys[who], {
        namespace: "orchestrator/pi",
        content: `${who} pi private database notes`,
        createdBy: "pi",
      });
    }
    for (const who of ["acme", "globex"] as const) {
      const other = who === "acme" ? "globex" : "acme";
      const recalled = await post(routes.recall, "/api/v1/memories/recall", keys[who], { query: "database" });
      expect(recalled.status).toBe(200);
      expect(contents(recalled.body, "results")).toHaveLength(2);
      expect(contents(recalled.body, "results").every((c) => c!.startsWith(who))).toBe(true);
      const listed = await get(routes.memories, "/api/v1/memories?limit=50", keys[who]);
      expect(contents(listed.body, "memories").every((c) => c!.startsWith(who))).toBe(true);
      const mine = await post(routes.recall, "/api/v1/memories/recall", keys[who], { query: "database", namespace: "orchestrator/pi" });
      expect(contents(mine.body, "results")).toEqual([`${who} pi private database notes`]);
      // The seed's workspace/<slug> names the caller's own workspace only: another's is "not found", like one that does not exist.
      const foreign = await post(routes.recall, "/api/v1/memories/recall", keys[who], {
        query: "database",
        namespace: `workspace/${other}-corp`,
      });
      const missing = await post(routes.recall, "/api/v1/memories/recall", keys[who], {
        query: "database",
        namespace: "workspace/initech",
      });
      expect(foreign.status).toBe(404);
      expect(missing.status).toBe(404);
    }
  });

  it("memories by vector: each tenant's embedding search reads only its own partition", async () => {
    const vec = (hot: number) => Array.from({ length: 1536 }, (_, i) => (i === hot ? 1 : 0.001));
    await post(routes.memories, "/api/v1/memories", keys.acme, {
      namespace: "project/catalog",
      content: "acme vector fact",
      createdBy: "tau",
      embedding: vec(3),
    });
    await post(routes.memories, "/api/v1/memories", keys.globex, {
      namespace: "project/catalog",
      content: "globex vector fact",
      createdBy: "tau",
      embedding: vec(3),
    });
    for (const who of ["acme", "globex"] as const) {
      const r = await post(routes.recall, "/api/v1/memories/recall", keys[who], { embedding: vec(3), limit: 10 });
      expect(r.status).toBe(200);
      expect(contents(r.body, "results")).toEqual([`${who} vector fact`]);
    }
    const bad = await post(routes.recall, "/api/v1/memories/recall", keys.acme, { embedding: [1, 2, 3] });
    expect(bad).toMatchObject({ status: 422, body: { code: "INVALID", field: "embedding" } });
  });

  it("tasks, missions and dispatch: listed by project, each tenant sees its own; dispatch stays inside the tenant", async () => {
    for (const who of ["acme", "globex"] as const) {
      const project = `studio/${who}-corp`;
      const mission = await post(routes.missions, "/api/v1/missions", keys[who], { title: `${who} API v2 rollout`, pilot: "pi", project });
      expect(mission.status).toBe(201);
      const task = await post(routes.tasks, "/api/v1/tasks", keys[who], {
        title: `${who} migrate catalog`,
        assignedTo: "tau",
        priority: "high",
        project,
        missionId: mission.body.id,
      });
      expect(task).toMatchObject({ status: 201, body: { status: "todo", assignedTo: "tau" } });
      const done = await callRoute(
        routes.task.PATCH as never,
        "PATCH",
        `/api/v1/tasks/${task.body.id}`,
        keys[who],
        { status: "done" },
        task.body.id as string,
      );
      expect(done).toMatchObject({ status: 200, body: { status: "done" } });
      const d = await post(routes.dispatch, "/api/v1/dispatch", keys[who], { from: "tau", to: "pi", title: `${who} review PR #112` });
      expect(d.status).toBe(201);
    }
    for (const who of ["acme", "globex"] as const) {
      const other = who === "acme" ? "globex" : "acme";
      const all = await get(routes.tasks, "/api/v1/tasks", keys[who]);
      expect(contents(all.body, "tasks").sort()).toEqual([`${who} migrate catalog`, `${who} review PR #112`]);
      const byOther = await get(routes.tasks, `/api/v1/tasks?project=studio/${other}-corp`, keys[who]);
      expect(byOther.body.tasks).toEqual([]);
      const byAssignee = await get(routes.tasks, "/api/v1/tasks?assignedTo=pi", keys[who]);
      expect(contents(byAssignee.body, "tasks")).toEqual([`${who} review PR #112`]);
      const missions = await get(routes.missions, "/api/v1/missions", keys[who]);
      expect(contents(missions.body, "missions")).toEqual([`${who} API v2 rollout`]);
      // Another tenant's task id answers exactly like an id that never existed.
      const theirs = (await get(routes.tasks, "/api/v1/tasks", keys[other])).body.tasks as { id: string }[];
      const foreign = await callRoute(routes.task.PATCH as never, "PATCH", "/api/v1/tasks/x", keys[who], { status: "done" }, theirs[0].id);
      const missing = await callRoute(
        routes.task.PATCH as never,
        "PATCH",
        "/api/v1/tasks/x",
        keys[who],
        { status: "done" },
        "k570000000000000000000000000000",
      );
      expect(foreign).toEqual(missing);
      expect(foreign.status).toBe(404);
    }
    const nobody = await post(routes.dispatch, "/api/v1/dispatch", keys.acme, { from: "tau", to: "kappa", title: "x" });
    expect(nobody).toMatchObject({ status: 404, body: { code: "NOT_FOUND", field: "to" } });
  });

  it("messages: tau -> pi in each tenant; two pi instances each get each message once, never the other tenant's", async () => {
    for (const who of ["acme", "globex"] as const)
      expect(
        (
          await post(routes.messages, "/api/v1/messages", keys[who], {
            from: "tau",
            channel: "pi",
            content: `${who}: catalog migration complete`,
          })
        ).status,
      ).toBe(201);
    for (const who of ["acme", "globex"] as const) {
      for (const instance of ["pi-main", "pi-2"]) {
        const first = await post(routes.check, "/api/v1/messages/check", keys[who], { recipient: "pi", recipientInstanceId: instance });
        expect(first.status).toBe(200);
        // The dispatch message of the previous test, then the direct one.
        expect(contents(first.body, "messages")).toEqual([`dispatch: ${who} review PR #112`, `${who}: catalog migration complete`]);
        const again = await post(routes.check, "/api/v1/messages/check", keys[who], { recipient: "pi", recipientInstanceId: instance });
        expect(again.body.messages).toEqual([]);
      }
    }
    const seedStyle = await post(routes.check, "/api/v1/messages/check", keys.acme, {
      recipient: "pi",
      recipientInstanceId: "pi-3",
      tenantId: "globex-corp",
    });
    expect(seedStyle.status).toBe(404);
  });
});

describe("scopes: environments and teams", () => {
  it("a staging key never reads or writes production rows; team keys see only their team; dispatch needs the same scope", async () => {
    const staging = await mintKey(t, acme, { environment: "staging" });
    const sales = await mintKey(t, acme, { environment: "production", team: "sales" });
    const engineering = await mintKey(t, acme, { environment: "production", team: "engineering" });
    await post(routes.memories, "/api/v1/memories", staging, {
      namespace: "global",
      content: "staging database is disposable",
      createdBy: "tau",
    });
    await post(routes.memories, "/api/v1/memories", sales, { namespace: "global", content: "sales database of leads", createdBy: "tau" });
    const inStaging = await post(routes.recall, "/api/v1/memories/recall", staging, { query: "database" });
    expect(contents(inStaging.body, "results")).toEqual(["staging database is disposable"]);
    const inProd = await post(routes.recall, "/api/v1/memories/recall", keys.acme, { query: "disposable" });
    expect(inProd.body.results).toEqual([]);
    expect(contents((await post(routes.recall, "/api/v1/memories/recall", sales, { query: "database" })).body, "results")).toEqual([
      "sales database of leads",
    ]);
    expect((await post(routes.recall, "/api/v1/memories/recall", engineering, { query: "database" })).body.results).toEqual([]);
    const tasks = await get(routes.tasks, "/api/v1/tasks", staging);
    expect(tasks.body.tasks).toEqual([]);
    // Production's pi is not a worker for a staging orchestrator: "not found", as in another tenant.
    expect((await post(routes.dispatch, "/api/v1/dispatch", staging, { from: "tau", to: "pi", title: "x" })).status).toBe(404);
    await bind(t, acme, "agent", acme.agentIds[1], { environment: "staging" });
    expect((await post(routes.dispatch, "/api/v1/dispatch", staging, { from: "tau", to: "pi", title: "staging job" })).status).toBe(201);
    expect((await post(routes.dispatch, "/api/v1/dispatch", keys.acme, { from: "tau", to: "pi", title: "prod job" })).status).toBe(404);
    const env = await get(routes.environments, "/api/v1/environments", staging);
    expect(env.body).toMatchObject({ key: { environment: "staging", team: null }, environments: ["production", "staging"] });
  });
});

describe("context filters: conversations with different organisationId", () => {
  it("each conversation's reads see only its organisation's data, whatever the agent asks", async () => {
    const owner = t.withIdentity({ subject: globex.users.owner!.externalId, email: globex.users.owner!.email, name: "owner" });
    const { api } = await import("../../convex/_generated/api");
    await owner.mutation(api.workspace.settings.addContextField, { slug: "globex-corp", name: "organisationId", type: "integer" });
    const agentId = globex.agentIds[0];
    const conv = async (org: number) =>
      (
        await post(routes.conversations, "/api/v1/conversations", keys.globex, {
          agentId,
          userIdentifier: `user-${org}`,
          userContext: { organisationId: org },
        })
      ).body.id as string;
    const c1 = await conv(1);
    const c2 = await conv(2);
    const bad = await post(routes.conversations, "/api/v1/conversations", keys.globex, {
      agentId,
      userIdentifier: "u",
      userContext: { organisationId: "1" },
    });
    expect(bad).toMatchObject({ status: 422, body: { field: "userContext.organisationId" } });
    await post(routes.memories, "/api/v1/memories", keys.globex, {
      namespace: "global",
      content: "orders last month: 41",
      createdBy: "tau",
      context: { organisationId: 1 },
    });
    await post(routes.memories, "/api/v1/memories", keys.globex, {
      namespace: "global",
      content: "orders last month: 97",
      createdBy: "tau",
      context: { organisationId: 2 },
    });
    const ask = (c: string) =>
      post(routes.recall, "/api/v1/memories/recall", keys.globex, { query: "orders last month", conversationId: c });
    expect(contents((await ask(c1)).body, "results")).toEqual(["orders last month: 41"]);
    expect(contents((await ask(c2)).body, "results")).toEqual(["orders last month: 97"]);
    const appended = await post(
      routes.thread,
      "/api/v1/conversations/x/messages",
      keys.globex,
      { role: "agent", content: "You had 41 orders.", usage: { inputTokens: 120, outputTokens: 30, latencyMs: 400 } },
      c1,
    );
    expect(appended).toMatchObject({ status: 201, body: { usageEventId: expect.any(String), model: "claude-haiku-4-5" } });
    const history = await get(routes.thread, "/api/v1/conversations/x/messages", keys.globex, c1);
    expect(contents(history.body, "messages")).toEqual(["You had 41 orders."]);
    expect((await get(routes.thread, "/api/v1/conversations/x/messages", keys.acme, c1)).status).toBe(404);
  });
});

describe("two companies, one deployment: MCP (the SDK's own client)", () => {
  it("lists the seed's tools and keeps every tool call inside its tenant", async () => {
    const a = await mcpClient(routes.mcp.POST, keys.acme);
    const g = await mcpClient(routes.mcp.POST, keys.globex);
    const names = (await a.client.listTools()).tools.map((x) => x.name).sort();
    expect(names).toEqual([
      "check_messages",
      "create_mission",
      "create_task",
      "dispatch",
      "list_tasks",
      "recall",
      "send_message",
      "store_memory",
      "update_task",
    ]);
    for (const [c, who] of [
      [a, "acme"],
      [g, "globex"],
    ] as const) {
      await c.call("store_memory", { namespace: "project/mcp", content: `${who} mcp memory about caching`, createdBy: "tau" });
      const task = await c.call("create_task", { title: `${who} mcp task`, project: "studio/mcp", assignedTo: "pi" });
      expect(await c.call("update_task", { taskId: task.id, status: "in_progress" })).toMatchObject({ status: "in_progress" });
      await c.call("create_mission", { title: `${who} mcp mission`, pilot: "pi", project: "studio/mcp" });
      await c.call("send_message", { from: "tau", channel: "#mcp", content: `${who} over mcp` });
      // acme's pi moved to staging above: tau is the production worker in both.
      expect(await c.call("dispatch", { from: "pi", to: "tau", title: `${who} mcp dispatch`, project: "studio/mcp" })).toHaveProperty(
        "task",
      );
    }
    for (const [c, who] of [
      [a, "acme"],
      [g, "globex"],
    ] as const) {
      expect(contents(await c.call("recall", { query: "caching" }), "results")).toEqual([`${who} mcp memory about caching`]);
      expect(contents(await c.call("list_tasks", { project: "studio/mcp" }), "tasks").sort()).toEqual([
        `${who} mcp dispatch`,
        `${who} mcp task`,
      ]);
      expect(
        contents(await c.call("check_messages", { recipient: "pi", recipientInstanceId: "mcp-1", channels: ["#mcp"] }), "messages"),
      ).toContain(`${who} over mcp`);
    }
    expect(await a.call("dispatch", { from: "tau", to: "nobody", title: "x" })).toMatchObject({
      error: { code: "NOT_FOUND", field: "to" },
    });
    expect(await a.call("recall", { query: "x", namespace: "workspace/globex-corp" })).toMatchObject({ error: { code: "NOT_FOUND" } });
    const unauth = await routes.mcp.POST(new Request("http://localhost:3000/api/mcp", { method: "POST", body: "{}" }));
    expect(unauth.status).toBe(401);
    await a.close();
    await g.close();
  });
});
