/**
 * The isolation matrix's and the hostile suite's entries for the agent
 * workspace (issue 19). The runtime functions sit behind the API-key door
 * (system secret + key hash): their valid calls here carry a real key of the
 * tenant under test, so "answered, with nothing of B" is checked on real
 * answers, not only on refusals. The portal functions are tenant functions.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Value } from "convex/values";
import { read, write, type Entry, type World } from "../tenancy/matrix-entries";
import type { Ctx, SeededTenant } from "../tenancy/support/world";

const keyHashes = new Map<string, string>();
/** One API key per tenant (its SHA-256, as the routes send it). */
async function keyHashOf(w: World, a: SeededTenant): Promise<string> {
  let hash = keyHashes.get(a.id);
  if (!hash) {
    hash = createHash("sha256")
      .update(`tnt_${randomBytes(32).toString("hex")}`)
      .digest("hex");
    const h = hash;
    await w.t.run((ctx: Ctx) =>
      ctx.db.insert("apiKeys", {
        tenantId: a.id,
        name: "matrix runtime",
        prefix: "tnt_matrix00",
        hash: h,
        createdBy: a.users.owner!.id,
        createdAt: Date.now(),
      }),
    );
    keyHashes.set(a.id, hash);
  }
  return hash;
}
/**
 * A door call of tenant `a`'s key with `extra` arguments. `input` is the runtime API's JSON
 * body, free-form to the validator (v.any()), so the external-id column asks who may send it:
 * only the Next server, with the system secret, after it checked the key. Each function reads
 * a closed set of fields from it (lib/domain/workspace/input.ts objectX refuses any other), and
 * the ids among them (agentId, conversationId, missionId, tenantId as the key's own slug) are
 * Tenantry's own, checked against the key's tenant and scope; no outside system's id goes in.
 */
const door = (
  extra: (w: World, a: SeededTenant) => Record<string, Value> | Promise<Record<string, Value>>,
  { body = true } = {},
): Entry => ({
  kind: "system",
  args: async (w, a) => ({ keyHash: await keyHashOf(w, a), ...(await extra(w, a)) }),
  ...(body ? { externalIds: { input: "system" as const } } : {}),
});
const input = (value: Record<string, Value>) => door(() => ({ input: value }));
const insertRow = <T>(w: World, fn: (ctx: Ctx) => Promise<T>) => w.t.run(fn);
const scopeOf = "production:";

async function aTask(w: World, a: SeededTenant): Promise<string> {
  return insertRow(w, (ctx) =>
    ctx.db.insert("tasks", {
      tenantId: a.id,
      scope: scopeOf,
      title: "matrix task",
      priority: "low",
      status: "todo",
      project: "studio/matrix",
      createdBy: "tau",
      createdAt: Date.now(),
      updatedAt: Date.now(),
    }),
  );
}
async function aConversation(w: World, a: SeededTenant): Promise<string> {
  return insertRow(w, (ctx) =>
    ctx.db.insert("conversations", {
      tenantId: a.id,
      agentId: a.agentIds[0],
      title: "matrix",
      customer: "u",
      sample: false,
      createdAt: Date.now(),
      scope: scopeOf,
      userIdentifier: "u",
      userContext: {},
      contextKey: "",
      messageCount: 0,
    }),
  );
}
async function aMemory(w: World, a: SeededTenant): Promise<string> {
  return insertRow(w, (ctx) =>
    ctx.db.insert("memories", {
      tenantId: a.id,
      scope: scopeOf,
      namespace: "global",
      type: "note",
      content: "matrix memory",
      createdBy: "tau",
      contextKey: "",
      bytes: 13,
      createdAt: Date.now(),
    }),
  );
}
const page = { paginationOpts: { numItems: 20, cursor: null } };
const vector = Array.from({ length: 1536 }, (_, i) => (i % 7) / 7);

export const WORKSPACE_ENTRIES: Record<string, Entry> = {
  "workspace/memories:store": input({ namespace: "project/matrix", content: "matrix fact", createdBy: "tau" }),
  "workspace/memories:recall": input({ query: "matrix" }),
  "workspace/memories:list": input({ limit: 20 }),
  "workspace/memories:remove": door(async (w, a) => ({ memoryId: await aMemory(w, a) }), { body: false }),
  "workspace/memories:vectorGate": input({ embedding: vector }),
  "workspace/recall:vector": input({ embedding: vector, limit: 5 }),
  "workspace/tasks:create": input({ title: "matrix task", project: "studio/matrix", assignedTo: "tau" }),
  "workspace/tasks:list": input({ project: "studio/matrix" }),
  "workspace/tasks:update": door(async (w, a) => ({ taskId: await aTask(w, a), input: { status: "done" } })),
  "workspace/missions:create": input({ title: "matrix mission", pilot: "pi", project: "studio/matrix" }),
  "workspace/missions:list": input({}),
  "workspace/missions:update": door(async (w, a) => {
    const id = await insertRow(w, (ctx) =>
      ctx.db.insert("missions", {
        tenantId: a.id,
        scope: scopeOf,
        title: "m",
        pilot: "pi",
        project: "p",
        status: "planned",
        createdBy: "tau",
        createdAt: Date.now(),
        updatedAt: Date.now(),
      }),
    );
    return { missionId: id, input: { status: "active" } };
  }),
  "workspace/messages:send": input({ from: "tau", channel: "pi", content: "matrix hello" }),
  "workspace/messages:check": input({ recipient: "pi", recipientInstanceId: "pi-matrix" }),
  "workspace/dispatch:dispatch": door(async (w, a) => ({
    input: { from: "tau", to: (await insertRow(w, (ctx) => ctx.db.get(a.agentIds[0])))!.name, title: "matrix job" },
  })),
  "workspace/conversations:create": door((_w, a) => ({
    input: { agentId: a.agentIds[0], userIdentifier: "matrix-user", userContext: {} },
  })),
  "workspace/conversations:list": input({}),
  "workspace/conversations:append": door(async (w, a) => ({
    conversationId: await aConversation(w, a),
    input: { role: "user", content: "hi" },
  })),
  "workspace/conversations:history": door(async (w, a) => ({ conversationId: await aConversation(w, a), input: {} })),
  "workspace/scopes:describe": door(() => ({ what: "environments" }), { body: false }),

  "workspace/settings:overview": read("agents.read"),
  "workspace/settings:createEnvironment": write("settings.manage", (w) => ({ name: `env-${w.seq()}` }), { fresh: true }),
  "workspace/settings:createTeam": write("settings.manage", (w) => ({ name: `team-${w.seq()}` }), { fresh: true }),
  "workspace/settings:bindScope": write(
    "settings.manage",
    async (w, a) => ({ kind: "agent", id: await w.freshAgent(a), environment: "production", team: null }),
    {
      foreign: [
        {
          label: "another tenant's agent",
          args: (_w, ids) => ({ kind: "agent", id: ids.agentId, environment: "production", team: null }),
          expect: "NOT_FOUND",
        },
        {
          label: "another tenant's API key",
          args: (_w, ids) => ({ kind: "apiKey", id: ids.apiKeyId, environment: "production", team: null }),
          expect: "NOT_FOUND",
        },
      ],
    },
  ),
  "workspace/settings:addContextField": write("settings.manage", (w) => ({ name: `field${w.seq()}`, type: "integer" }), { fresh: true }),
  "workspace/settings:removeContextField": write("settings.manage", async (w, a) => {
    const name = `field${w.seq()}`;
    await insertRow(w, (ctx) => ctx.db.insert("contextFields", { tenantId: a.id, name, type: "string", createdAt: Date.now() }));
    return { name };
  }),

  "workspace/browse:memories": read("agents.read", () => ({ ...page, namespace: "global" })),
  "workspace/browse:removeMemory": write("agents.write", async (w, a) => ({ memoryId: await aMemory(w, a) })),
  "workspace/browse:board": read("agents.read", () => ({ project: "studio/matrix" })),
  "workspace/browse:conversations": read("agents.read", () => page),
  "workspace/browse:thread": read("agents.read", async (w, a) => ({ conversationId: await aConversation(w, a) })),
  "workspace/browse:messages": read("agents.read", () => ({ channel: "pi" })),
};
