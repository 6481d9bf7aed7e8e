/**
 * The MCP tools (seed 000's verbs) and their input schemas. Each runs the same
 * workspace operation as the runtime API (lib/server/api/workspace.ts) with
 * the caller's key, so scopes, rate limits, quotas and errors are identical.
 * Convex checks every field again; the schemas tell the model what to send.
 */
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { objectFromShape } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import { workspaceOps, type WorkspaceOp } from "@/lib/server/api/workspace";
import { MEMORY_TYPES, MISSION_STATUSES, PRIORITIES, TASK_STATUSES } from "@/lib/domain/workspace/limits";

const agent = (what: string) => z.string().describe(what);
const namespace = z.string().describe('"global", "project/<name>", "orchestrator/<agent>" (or "workspace/<your slug>")');
const project = z.string().describe('A project name, e.g. "landing-page" or "studio/acme-corp"');
const page = { limit: z.number().int().optional(), cursor: z.string().optional().describe("nextCursor of the previous page") };

type Tool = { op: WorkspaceOp; description: string; input: z.ZodRawShape; id?: string };
export const TOOLS: Record<string, Tool> = {
  store_memory: {
    op: "storeMemory",
    description: "Store a memory in this workspace (and the key's environment and team).",
    input: {
      namespace,
      content: z.string(),
      createdBy: agent("The agent storing it, e.g. tau"),
      type: z.enum(MEMORY_TYPES).optional(),
      embedding: z.array(z.number()).optional().describe("Optional vector (1536 numbers) for vector recall"),
      conversationId: z.string().optional().describe("Stores it under that conversation's user context"),
    },
  },
  recall: {
    op: "recall",
    description:
      "Recall memories by text (query) or by vector (embedding); omitting namespace searches all of this workspace's namespaces.",
    input: {
      query: z.string().optional(),
      embedding: z.array(z.number()).optional(),
      namespace: namespace.optional(),
      namespacePrefix: z.string().optional(),
      conversationId: z.string().optional().describe("Reads only what that conversation's user context may see"),
      limit: z.number().int().optional(),
    },
  },
  create_task: {
    op: "createTask",
    description: "Create a task.",
    input: {
      title: z.string(),
      project,
      assignedTo: agent("Assignee agent").optional(),
      priority: z.enum(PRIORITIES).optional(),
      status: z.enum(TASK_STATUSES).optional(),
      description: z.string().optional(),
      missionId: z.string().optional(),
      createdBy: agent("Creating agent").optional(),
    },
  },
  list_tasks: {
    op: "listTasks",
    description: "List tasks by project, assignee or status, newest first.",
    input: {
      project: project.optional(),
      assignedTo: z.string().optional(),
      status: z.enum(TASK_STATUSES).optional(),
      missionId: z.string().optional(),
      ...page,
    },
  },
  update_task: {
    op: "updateTask",
    id: "taskId",
    description: "Change a task's status, assignee, priority, title, description or project.",
    input: {
      taskId: z.string(),
      status: z.enum(TASK_STATUSES).optional(),
      assignedTo: z.string().optional(),
      priority: z.enum(PRIORITIES).optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      project: project.optional(),
    },
  },
  create_mission: {
    op: "createMission",
    description: "Create a mission led by a pilot agent.",
    input: {
      title: z.string(),
      pilot: agent("Pilot agent"),
      project,
      status: z.enum(MISSION_STATUSES).optional(),
      description: z.string().optional(),
      createdBy: z.string().optional(),
    },
  },
  send_message: {
    op: "sendMessage",
    description: "Send a message to an agent (channel = its name) or a named channel (#name).",
    input: { from: agent("Sender"), channel: z.string(), content: z.string() },
  },
  check_messages: {
    op: "checkMessages",
    description: "Messages this recipient instance has not received yet; they are marked received for this instance only.",
    input: {
      recipient: agent("Recipient agent"),
      recipientInstanceId: z.string(),
      channels: z.array(z.string()).optional(),
      limit: z.number().int().optional(),
    },
  },
  dispatch: {
    op: "dispatch",
    description: "Hand a task to a worker agent of the same workspace, environment and team (else: not found).",
    input: {
      from: agent("Orchestrator"),
      to: agent("Worker"),
      title: z.string(),
      description: z.string().optional(),
      priority: z.enum(PRIORITIES).optional(),
      project: project.optional(),
    },
  },
};

/**
 * Each tool's input schema as the object the SDK would build from its shape (objectFromShape is what
 * registerTool calls on a raw shape), built once: the route makes a server per request (stateless), and
 * building nine zod objects for each one cost more than the tool call's own validation.
 */
const INPUT_SCHEMAS = new Map(Object.entries(TOOLS).map(([name, tool]) => [name, objectFromShape(tool.input)]));

export function registerTools(server: McpServer, keyHash: string) {
  for (const [name, tool] of Object.entries(TOOLS)) {
    const inputSchema = INPUT_SCHEMAS.get(name)!;
    server.registerTool(name, { description: tool.description, inputSchema }, async (args: Record<string, unknown>) => {
      const { [tool.id ?? ""]: id, ...rest } = args;
      const input = tool.id ? rest : args;
      const result = await workspaceOps[tool.op](keyHash, input, tool.id ? String(id) : undefined);
      if (!result.ok) return { isError: true, content: [{ type: "text" as const, text: JSON.stringify(result.error) }] };
      return {
        content: [{ type: "text" as const, text: JSON.stringify(result.value) }],
        structuredContent: result.value as Record<string, unknown>,
      };
    });
  }
}
