/**
 * The agent workspace's part of the runtime API's OpenAPI document (issue 19):
 * memories, tasks, missions, messages, dispatch, conversations, environments
 * and teams. Enumerations and sizes come from lib/domain/workspace, the same
 * modules Convex checks requests with.
 */
import {
  EMBEDDING_DIMENSIONS,
  MAX_CHECK,
  MAX_MEMORY_CONTENT,
  MAX_MESSAGE_CONTENT,
  MAX_RECALL,
  MEMORY_TYPES,
  MESSAGE_ROLES,
  MISSION_STATUSES,
  PRIORITIES,
  TASK_STATUSES,
} from "../../domain/workspace/limits";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
const ok = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const body = (schema: object) => ({ required: true, content: { "application/json": { schema } } });
const common = {
  "401": error("Missing, malformed or revoked API key."),
  "403": error("TENANT_SUSPENDED, or QUOTA_EXCEEDED (storage: memories and messages count toward it)."),
  "422": error("A field is invalid (named in field)."),
  "429": { ...error("RATE_LIMITED. Retry-After says when."), headers: { "Retry-After": { schema: { type: "integer" } } } },
};
const notFound = error("Not in this workspace and scope (another workspace's ids answer the same).");
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
const q = (name: string, description?: string, schema: object = { type: "string" }) => ({
  name,
  in: "query",
  schema,
  ...(description ? { description } : {}),
});
const paging = [q("limit", undefined, { type: "integer", minimum: 1, maximum: 200 }), q("cursor", "nextCursor of the previous page.")];
const page = (field: string, item: string) => ({
  type: "object",
  properties: { [field]: { type: "array", items: ref(item) }, nextCursor: { type: ["string", "null"] } },
});
const namespace = {
  type: "string",
  description: '"global", "project/<name>", "orchestrator/<agent>"; "workspace/<your slug>" is the whole workspace (another slug: 404).',
};
const agentName = { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$" };

export const workspacePaths = {
  "/api/v1/memories": {
    post: {
      summary: "Store a memory",
      description:
        "In the key's environment and team. `context` (declared user-context values) or `conversationId` tags it for context-filtered reads.",
      requestBody: body({
        type: "object",
        required: ["namespace", "content", "createdBy"],
        properties: {
          namespace,
          type: { enum: MEMORY_TYPES, default: "note" },
          content: { type: "string", maxLength: MAX_MEMORY_CONTENT },
          createdBy: agentName,
          embedding: { type: "array", items: { type: "number" }, minItems: EMBEDDING_DIMENSIONS, maxItems: EMBEDDING_DIMENSIONS },
          conversationId: { type: "string" },
          context: { type: "object" },
        },
      }),
      responses: { "201": ok("Stored.", ref("Memory")), "404": notFound, ...common },
    },
    get: {
      summary: "List memories, newest first",
      parameters: [q("namespace"), q("conversationId", "Only what that conversation's user context may see."), ...paging],
      responses: { "200": ok("A page.", page("memories", "Memory")), "404": notFound, ...common },
    },
  },
  "/api/v1/memories/recall": {
    post: {
      summary: "Recall memories by text or by vector",
      description: `{ query } searches the text (best matches first); { embedding } (${EMBEDDING_DIMENSIONS} numbers) searches by cosine similarity. Omitting namespace searches all of this workspace's namespaces in the key's scope.`,
      requestBody: body({
        type: "object",
        properties: {
          query: { type: "string", maxLength: 500 },
          embedding: { type: "array", items: { type: "number" } },
          namespace,
          namespacePrefix: { type: "string" },
          conversationId: { type: "string" },
          limit: { type: "integer", minimum: 1, maximum: MAX_RECALL, default: 10 },
        },
      }),
      responses: {
        "200": ok("Results.", { type: "object", properties: { results: { type: "array", items: ref("Memory") } } }),
        "404": notFound,
        ...common,
      },
    },
  },
  "/api/v1/memories/{id}": {
    delete: {
      summary: "Delete a memory",
      parameters: [id],
      responses: { "200": ok("Deleted; its bytes go back to the storage quota.", { type: "object" }), "404": notFound, ...common },
    },
  },
  "/api/v1/tasks": {
    post: {
      summary: "Create a task",
      requestBody: body({
        type: "object",
        required: ["title", "project"],
        properties: {
          title: { type: "string" },
          description: { type: "string" },
          project: { type: "string", description: 'e.g. "landing-page" or "studio/acme-corp"' },
          assignedTo: agentName,
          priority: { enum: PRIORITIES, default: "medium" },
          status: { enum: TASK_STATUSES, default: "todo" },
          missionId: { type: "string" },
          createdBy: agentName,
        },
      }),
      responses: { "201": ok("Created.", ref("Task")), "404": notFound, ...common },
    },
    get: {
      summary: "List tasks by project, assignee, status or mission",
      parameters: [q("project"), q("assignedTo"), q("status", undefined, { enum: TASK_STATUSES }), q("missionId"), ...paging],
      responses: { "200": ok("A page, most recently changed first.", page("tasks", "Task")), "404": notFound, ...common },
    },
  },
  "/api/v1/tasks/{id}": {
    patch: {
      summary: "Update a task",
      parameters: [id],
      requestBody: body({
        type: "object",
        properties: {
          status: { enum: TASK_STATUSES },
          assignedTo: agentName,
          priority: { enum: PRIORITIES },
          title: { type: "string" },
          description: { type: "string" },
          project: { type: "string" },
        },
      }),
      responses: { "200": ok("Updated.", ref("Task")), "404": notFound, ...common },
    },
  },
  "/api/v1/missions": {
    post: {
      summary: "Create a mission",
      requestBody: body({
        type: "object",
        required: ["title", "pilot", "project"],
        properties: {
          title: { type: "string" },
          pilot: agentName,
          project: { type: "string" },
          status: { enum: MISSION_STATUSES },
          description: { type: "string" },
          createdBy: agentName,
        },
      }),
      responses: { "201": ok("Created.", ref("Mission")), ...common },
    },
    get: {
      summary: "List missions",
      parameters: [q("project"), q("pilot"), q("status", undefined, { enum: MISSION_STATUSES }), ...paging],
      responses: { "200": ok("A page.", page("missions", "Mission")), ...common },
    },
  },
  "/api/v1/missions/{id}": {
    patch: {
      summary: "Update a mission",
      parameters: [id],
      requestBody: body({
        type: "object",
        properties: {
          status: { enum: MISSION_STATUSES },
          pilot: agentName,
          title: { type: "string" },
          description: { type: "string" },
          project: { type: "string" },
        },
      }),
      responses: { "200": ok("Updated.", ref("Mission")), "404": notFound, ...common },
    },
  },
  "/api/v1/messages": {
    post: {
      summary: "Send messages to an agent or a named channel",
      description:
        "One { from, channel, content } or { messages: [...] } (1 to 100, one transaction). channel is an agent's name or a named channel like #standup.",
      requestBody: body({
        oneOf: [
          ref("OutgoingMessage"),
          {
            type: "object",
            required: ["messages"],
            properties: { messages: { type: "array", minItems: 1, maxItems: 100, items: ref("OutgoingMessage") } },
          },
        ],
      }),
      responses: {
        "201": ok("Sent (with each message's sequence number in its channel).", {
          oneOf: [ref("Message"), { type: "object", properties: { messages: { type: "array", items: ref("Message") } } }],
        }),
        ...common,
      },
    },
  },
  "/api/v1/messages/check": {
    post: {
      summary: "What this recipient instance has not received yet",
      description:
        "The recipient's own channel plus the named channels given. Returned messages are marked received for this instance in the same transaction, so two instances of one agent each get every message exactly once.",
      requestBody: body({
        type: "object",
        required: ["recipient", "recipientInstanceId"],
        properties: {
          recipient: agentName,
          recipientInstanceId: agentName,
          channels: { type: "array", items: { type: "string" } },
          limit: { type: "integer", minimum: 1, maximum: MAX_CHECK, default: 100 },
        },
      }),
      responses: {
        "200": ok("Messages, oldest first per channel; more: true when the limit cut it short.", {
          type: "object",
          properties: { messages: { type: "array", items: ref("Message") }, more: { type: "boolean" } },
        }),
        ...common,
      },
    },
  },
  "/api/v1/dispatch": {
    post: {
      summary: "Hand a task to a worker agent",
      description:
        "The worker (`to`, an agent's name) must be in this workspace and bound to the key's environment and team; otherwise 404, the same as for an agent that does not exist. Creates the task and a dispatch message on the worker's channel.",
      requestBody: body({
        type: "object",
        required: ["from", "to", "title"],
        properties: {
          from: agentName,
          to: agentName,
          title: { type: "string" },
          description: { type: "string" },
          priority: { enum: PRIORITIES },
          project: { type: "string" },
        },
      }),
      responses: {
        "201": ok("Dispatched.", { type: "object", properties: { task: ref("Task"), message: ref("Message") } }),
        "404": notFound,
        ...common,
      },
    },
  },
  "/api/v1/conversations": {
    post: {
      summary: "Create a conversation with an end user's context",
      description:
        "Called by the workspace's backend: userContext must give exactly the declared user-context fields with their types. Reads made with this conversationId are filtered by these values.",
      requestBody: body({
        type: "object",
        required: ["agentId", "userIdentifier"],
        properties: {
          agentId: { type: "string" },
          userIdentifier: { type: "string" },
          userContext: { type: "object" },
          title: { type: "string" },
        },
      }),
      responses: { "201": ok("Created.", ref("Conversation")), "404": notFound, ...common },
    },
    get: {
      summary: "List conversations, newest first",
      parameters: paging,
      responses: { "200": ok("A page.", page("conversations", "Conversation")), ...common },
    },
  },
  "/api/v1/conversations/{id}/messages": {
    post: {
      summary: "Append a message",
      description: "usage records the model call as a usage event (plan model rules and the token quota apply) and links it.",
      parameters: [id],
      requestBody: body({
        type: "object",
        required: ["role", "content"],
        properties: {
          role: { enum: MESSAGE_ROLES },
          content: { type: "string", maxLength: MAX_MESSAGE_CONTENT },
          usage: {
            type: "object",
            properties: {
              model: { type: "string" },
              inputTokens: { type: "integer" },
              outputTokens: { type: "integer" },
              latencyMs: { type: "integer" },
            },
          },
        },
      }),
      responses: { "201": ok("Appended.", ref("ConversationMessage")), "404": notFound, ...common },
    },
    get: {
      summary: "The conversation and its messages, oldest first",
      parameters: [id, ...paging],
      responses: {
        "200": ok("A page.", {
          type: "object",
          properties: {
            conversation: ref("Conversation"),
            messages: { type: "array", items: ref("ConversationMessage") },
            nextCursor: { type: ["string", "null"] },
          },
        }),
        "404": notFound,
        ...common,
      },
    },
  },
  "/api/v1/environments": {
    get: {
      summary: "Environments, and the key's own scope",
      responses: {
        "200": ok("Environments.", {
          type: "object",
          properties: { key: ref("Scope"), environments: { type: "array", items: { type: "string" } } },
        }),
        ...common,
      },
    },
  },
  "/api/v1/teams": {
    get: {
      summary: "Teams, and the key's own scope",
      responses: {
        "200": ok("Teams.", { type: "object", properties: { key: ref("Scope"), teams: { type: "array", items: { type: "string" } } } }),
        ...common,
      },
    },
  },
};

const str = { type: "string" };
const nullable = { type: ["string", "null"] };
export const workspaceSchemas = {
  Scope: { type: "object", properties: { environment: str, team: nullable } },
  Memory: {
    type: "object",
    properties: {
      id: str,
      namespace: str,
      type: { enum: MEMORY_TYPES },
      content: str,
      createdBy: str,
      context: nullable,
      hasEmbedding: { type: "boolean" },
      createdAt: str,
      score: { type: "number" },
    },
  },
  Task: {
    type: "object",
    properties: {
      id: str,
      title: str,
      description: nullable,
      assignedTo: nullable,
      priority: { enum: PRIORITIES },
      status: { enum: TASK_STATUSES },
      project: str,
      missionId: nullable,
      createdBy: str,
      dispatchedBy: nullable,
      createdAt: str,
      updatedAt: str,
    },
  },
  Mission: {
    type: "object",
    properties: {
      id: str,
      title: str,
      description: nullable,
      pilot: str,
      project: str,
      status: { enum: MISSION_STATUSES },
      createdBy: str,
      createdAt: str,
      updatedAt: str,
    },
  },
  OutgoingMessage: {
    type: "object",
    required: ["from", "channel", "content"],
    properties: { from: agentName, channel: str, content: { type: "string", maxLength: MAX_MESSAGE_CONTENT } },
  },
  Message: {
    type: "object",
    properties: {
      id: str,
      channel: str,
      seq: { type: "integer" },
      from: str,
      content: str,
      kind: { enum: ["message", "dispatch"] },
      taskId: nullable,
      createdAt: str,
    },
  },
  Conversation: {
    type: "object",
    properties: {
      id: str,
      agentId: str,
      title: str,
      userIdentifier: str,
      userContext: { type: "object" },
      messageCount: { type: "integer" },
      lastMessageAt: nullable,
      createdAt: str,
    },
  },
  ConversationMessage: {
    type: "object",
    properties: {
      id: str,
      role: { enum: MESSAGE_ROLES },
      content: str,
      model: nullable,
      inputTokens: { type: ["integer", "null"] },
      outputTokens: { type: ["integer", "null"] },
      latencyMs: { type: ["number", "null"] },
      usageEventId: nullable,
      createdAt: str,
    },
  },
};
