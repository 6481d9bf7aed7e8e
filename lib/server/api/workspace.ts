import "server-only";
import { NextResponse } from "next/server";
import { api } from "@/convex/_generated/api";
import type { ApiResult } from "@/convex/lib/apiDoor";
import { badRequest, errorResponse } from "@/lib/server/errors";
import { bodyShapeProblem } from "@/lib/domain/workspace/input";
import { callDoor, callDoorAction } from "./convex";
import { readJson } from "./request";
import { json, respond, withApiKey } from "./respond";

/**
 * The agent workspace's operations (issue 19), one function each, shared by the
 * /api/v1 routes and the MCP server (app/api/mcp) so both surfaces answer the
 * same way. Bodies go to Convex as they came; Convex reads and checks every
 * field (lib/domain/workspace/input.ts) and answers with the closed error codes.
 */
type Input = Record<string, unknown>;
type Op = (keyHash: string, input: Input, id?: string) => Promise<ApiResult<unknown>>;

export const workspaceOps = {
  storeMemory: (k, input) => callDoor(api.workspace.memories.store, k, { input }),
  recall: (k, input) =>
    input.embedding !== undefined && input.query === undefined
      ? callDoorAction(api.workspace.recall.vector, k, { input })
      : callDoor(api.workspace.memories.recall, k, { input }),
  listMemories: (k, input) => callDoor(api.workspace.memories.list, k, { input }),
  deleteMemory: (k, _input, id) => callDoor(api.workspace.memories.remove, k, { memoryId: id ?? "" }),
  createTask: (k, input) => callDoor(api.workspace.tasks.create, k, { input }),
  listTasks: (k, input) => callDoor(api.workspace.tasks.list, k, { input }),
  updateTask: (k, input, id) => callDoor(api.workspace.tasks.update, k, { taskId: id ?? "", input }),
  createMission: (k, input) => callDoor(api.workspace.missions.create, k, { input }),
  listMissions: (k, input) => callDoor(api.workspace.missions.list, k, { input }),
  updateMission: (k, input, id) => callDoor(api.workspace.missions.update, k, { missionId: id ?? "", input }),
  sendMessage: (k, input) => callDoor(api.workspace.messages.send, k, { input }),
  checkMessages: (k, input) => callDoor(api.workspace.messages.check, k, { input }),
  dispatch: (k, input) => callDoor(api.workspace.dispatch.dispatch, k, { input }),
  createConversation: (k, input) => callDoor(api.workspace.conversations.create, k, { input }),
  listConversations: (k, input) => callDoor(api.workspace.conversations.list, k, { input }),
  appendMessage: (k, input, id) => callDoor(api.workspace.conversations.append, k, { conversationId: id ?? "", input }),
  conversationHistory: (k, input, id) => callDoor(api.workspace.conversations.history, k, { conversationId: id ?? "", input }),
  environments: (k) => callDoor(api.workspace.scopes.describe, k, { what: "environments" }),
  teams: (k) => callDoor(api.workspace.scopes.describe, k, { what: "teams" }),
} satisfies Record<string, Op>;
export type WorkspaceOp = keyof typeof workspaceOps;

/** Query parameters as an input object; `numeric` ones are sent as numbers when they look like one. */
function queryInput(request: Request, numeric: readonly string[]): Input {
  const out: Input = {};
  for (const [k, value] of new URL(request.url).searchParams)
    out[k] = numeric.includes(k) && /^\d{1,6}$/.test(value) ? Number(value) : value;
  return out;
}

/** A path id: anything not shaped like a Convex id can only be "not found" (and Convex says so the same way). */
const pathId = (id: string) => (/^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : "-");

/**
 * One workspace endpoint: the key (401 first), the body (JSON object for POST/PATCH,
 * query parameters for GET/DELETE), the operation, then its answer with `status`.
 */
export async function workspaceRoute(
  request: Request,
  where: string,
  op: WorkspaceOp,
  status: number,
  opts: { id?: Promise<{ id: string }>; numeric?: readonly string[] } = {},
): Promise<NextResponse> {
  return withApiKey(request, where, async (keyHash) => {
    let input: Input;
    if (request.method === "GET" || request.method === "DELETE") input = queryInput(request, opts.numeric ?? ["limit"]);
    else {
      const body = await readJson(request);
      if (!body.ok) return body.response;
      const value = body.value.value;
      if (typeof value !== "object" || value === null || Array.isArray(value)) return badRequest("The body must be a JSON object.", "body");
      input = value as Input;
    }
    const shape = bodyShapeProblem(input);
    if (shape) return errorResponse({ code: "INVALID", ...shape });
    const id = opts.id ? pathId((await opts.id).id) : undefined;
    const result: ApiResult<unknown> = await (workspaceOps[op] as Op)(keyHash, input, id);
    return respond(result, (value, headers) => json(value, status, headers));
  });
}
