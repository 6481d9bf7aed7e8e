/**
 * The runtime API's OpenAPI 3.1 document, served at /api/v1/openapi.json and
 * rendered on /docs/api. Limits and field rules are read from the same
 * modules the handlers use, so the document cannot drift from them.
 */
import { MODEL_IDS } from "../../domain/plans";
import { IDLE_TIMEOUT, MAX_BATCH, MAX_LATENCY_MS, MAX_TOKENS_PER_EVENT } from "../../domain/api/validate";
import { MAX_UPLOAD_BYTES } from "../../domain/api/files";
import { UPGRADE_HINT_HEADER } from "../../domain/api/rateHint";
import { ALERT_RULES } from "../../domain/notifications/rules";
import { workspacePaths, workspaceSchemas } from "./openapi-workspace";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
const ok = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", maxLength: 255 },
  description:
    "Retries with the same key and body get the first answer back (header Idempotent-Replayed: true) and change nothing, for 24 hours. The same key with another body: 409.",
};
/** proxy.ts answers this before any handler for a path id that cannot be percent-decoded (`/files/%FF`). */
const badPath = error("INVALID (field: path): the URL path is not valid percent-encoded UTF-8.");
const common = {
  "401": error("Missing, malformed or revoked API key."),
  "403": error("TENANT_SUSPENDED (workspace suspended; past due refuses new sessions) or QUOTA_EXCEEDED (a hard limit)."),
  "429": {
    ...error("RATE_LIMITED: calls per minute exceeded for the workspace or this key. Retry-After says when to retry."),
    headers: { "Retry-After": { schema: { type: "integer" } }, [UPGRADE_HINT_HEADER]: { schema: { type: "string" } } },
  },
};

export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Tenantry agent runtime API",
    version: "1.0.0",
    description:
      "What agent runtimes call with a workspace API key (Authorization: Bearer tnt_...). Every call acts for the key's workspace only. " +
      "Answers carry X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (seconds until the allowance is full again); " +
      `from ${Math.round(ALERT_RULES.rateLimitWarnFraction * 100)}% of the limit used (429s included) also ${UPGRADE_HINT_HEADER}, a hint that a higher plan raises it. ` +
      "Errors are JSON { code, message, field? } with code one of INVALID (400 unreadable, 422 invalid), UNAUTHENTICATED (401), FORBIDDEN, TENANT_SUSPENDED, QUOTA_EXCEEDED (403), NOT_FOUND (404), CONFLICT (409), RATE_LIMITED (429).",
  },
  servers: [{ url: "/" }],
  security: [{ apiKey: [] }],
  paths: {
    "/api/v1/usage": {
      post: {
        summary: "Report usage: one event, or a batch",
        description: `One event object (201 or an error), or { "events": [...] } / a bare array of 1 to ${MAX_BATCH} events (200 with a result per item, in order). Each event is checked on its own. At 100% of monthly tokens a plan either refuses events (QUOTA_EXCEEDED) or records them against its free model (result says routedFrom).`,
        parameters: [idempotencyKey],
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  ref("UsageEvent"),
                  {
                    type: "object",
                    required: ["events"],
                    properties: { events: { type: "array", minItems: 1, maxItems: MAX_BATCH, items: ref("UsageEvent") } },
                  },
                  { type: "array", minItems: 1, maxItems: MAX_BATCH, items: ref("UsageEvent") },
                ],
              },
            },
          },
        },
        responses: {
          "200": ok("Batch: how many were recorded and, per item, recorded (with the model charged) or why not.", ref("UsageBatchResult")),
          "201": ok("Single event recorded.", {
            type: "object",
            properties: {
              status: { const: "recorded" },
              model: { type: "string" },
              routedFrom: { type: "string" },
              replayed: { type: "boolean" },
            },
          }),
          "400": error("Body is not JSON, is empty, or has the wrong shape; bad Idempotency-Key."),
          "404": error("Single event: the agent (or session) is not one of this workspace's."),
          "409": error("Idempotency-Key reused with a different body."),
          "413": error("Body larger than 1 MiB (however it is sent: a longer body is not read past the limit)."),
          "422": error("Single event: a field is invalid (named in field); batch: empty, or more than 500 events."),
          ...common,
        },
      },
    },
    "/api/v1/sessions": {
      post: {
        summary: "Start an agent session",
        description:
          "Takes one slot of the concurrent-sessions quota until ended, or until idleTimeoutSeconds pass without a heartbeat, usage carrying its sessionId, or end.",
        parameters: [idempotencyKey],
        requestBody: { required: true, content: { "application/json": { schema: ref("SessionStart") } } },
        responses: {
          "201": ok(
            "Started; model may be the free model when monthly tokens are used up (routedFrom says what was asked).",
            ref("Session"),
          ),
          "400": error("Body is not a JSON object."),
          "404": error("No such agent in this workspace."),
          "409": error("The agent is paused."),
          "422": error("A field is invalid."),
          ...common,
        },
      },
    },
    "/api/v1/sessions/{id}": {
      delete: {
        summary: "End a session",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": ok("Ended (ending an ended session answers the same).", ref("Session")),
          "400": badPath,
          "404": error("No such session in this workspace."),
          "409": error("The session already expired."),
          ...common,
        },
      },
    },
    "/api/v1/sessions/{id}/heartbeat": {
      post: {
        summary: "Keep a session alive",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": ok("Its expiry moved one idle timeout ahead.", ref("Session")),
          "400": badPath,
          "404": error("No such session in this workspace."),
          "409": error("The session has ended or expired."),
          ...common,
        },
      },
    },
    "/api/v1/files": {
      post: {
        summary: "Store a file against the storage quota",
        description: `The raw bytes as the body, with Content-Type and Content-Length (at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MiB). At 100% of storage the upload is refused before it is stored. Counts as two calls for rate limiting.`,
        parameters: [{ name: "name", in: "query", required: true, schema: { type: "string", maxLength: 200 } }],
        requestBody: { required: true, content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
        responses: {
          "201": ok("Stored.", {
            type: "object",
            properties: {
              id: { type: "string" },
              name: { type: "string" },
              contentType: { type: "string" },
              size: { type: "integer" },
              createdAt: { type: "string" },
            },
          }),
          "400": error("The body's length differs from Content-Length."),
          "411": error("Content-Length is missing."),
          "413": error("Larger than the per-file maximum."),
          "422": error("Bad name or Content-Type."),
          ...common,
        },
      },
    },
    "/api/v1/files/{id}": {
      delete: {
        summary: "Delete a stored file",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": ok("Deleted; its size is given back to the storage quota.", { type: "object" }),
          "400": badPath,
          "404": error("No such file in this workspace."),
          ...common,
        },
      },
    },
    "/api/v1/quota": {
      get: {
        summary: "Limits, current use and what happens at each limit",
        description:
          "For each quota: limit (null is unlimited), used, remaining, percent, softLimits (percent that notify) and atLimit (refuse, route_to_free_model, refuse_uploads, http_429_retry_after), so a runtime can slow down before it is refused.",
        responses: { "200": ok("The workspace's quotas.", { type: "object" }), ...common },
      },
    },
    "/api/v1/agents": {
      get: {
        summary: "The workspace's agents and their allowed models",
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 100 } },
          { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor of the previous page." },
        ],
        responses: {
          "200": ok("One page of agents.", {
            type: "object",
            properties: { agents: { type: "array", items: ref("Agent") }, nextCursor: { type: ["string", "null"] } },
          }),
          "422": error("Bad limit or cursor."),
          ...common,
        },
      },
    },
    ...workspacePaths,
  },
  components: {
    securitySchemes: {
      apiKey: {
        type: "http",
        scheme: "bearer",
        description: "A workspace API key (tnt_ + 64 hex digits), created on the workspace's API keys page.",
      },
    },
    schemas: {
      ...workspaceSchemas,
      Error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: {
            enum: [
              "INVALID",
              "UNAUTHENTICATED",
              "FORBIDDEN",
              "TENANT_SUSPENDED",
              "QUOTA_EXCEEDED",
              "NOT_FOUND",
              "CONFLICT",
              "RATE_LIMITED",
            ],
          },
          message: { type: "string" },
          field: { type: "string" },
        },
      },
      UsageEvent: {
        type: "object",
        additionalProperties: false,
        required: ["agentId", "inputTokens", "outputTokens", "latencyMs", "success"],
        properties: {
          agentId: { type: "string" },
          model: { enum: MODEL_IDS, description: "Defaults to the agent's model; must be in the plan." },
          inputTokens: { type: "integer", minimum: 0, maximum: MAX_TOKENS_PER_EVENT },
          outputTokens: { type: "integer", minimum: 0, maximum: MAX_TOKENS_PER_EVENT },
          latencyMs: { type: "number", minimum: 0, maximum: MAX_LATENCY_MS },
          success: { type: "boolean" },
          at: {
            oneOf: [{ type: "string", format: "date-time" }, { type: "integer" }],
            description: "When the call happened (default now): within the last 30 days, not in the future.",
          },
          sessionId: { type: "string", description: "Counts as activity for that session." },
        },
      },
      UsageBatchResult: {
        type: "object",
        properties: {
          recorded: { type: "integer" },
          rejected: { type: "integer" },
          replayed: { type: "boolean" },
          results: {
            type: "array",
            items: {
              type: "object",
              properties: {
                index: { type: "integer" },
                status: { enum: ["recorded", "rejected"] },
                model: { type: "string" },
                routedFrom: { type: "string" },
                error: ref("Error"),
              },
            },
          },
          monthlyTokens: { type: "object", properties: { used: { type: "integer" }, limit: { type: ["integer", "null"] } } },
        },
      },
      SessionStart: {
        type: "object",
        additionalProperties: false,
        required: ["agentId"],
        properties: {
          agentId: { type: "string" },
          model: { enum: MODEL_IDS },
          idleTimeoutSeconds: {
            type: "integer",
            minimum: IDLE_TIMEOUT.minSeconds,
            maximum: IDLE_TIMEOUT.maxSeconds,
            default: IDLE_TIMEOUT.defaultSeconds,
          },
        },
      },
      Session: {
        type: "object",
        properties: {
          id: { type: "string" },
          agentId: { type: "string" },
          model: { type: "string" },
          routedFrom: { type: "string" },
          status: { enum: ["active", "ended", "expired"] },
          startedAt: { type: "string" },
          lastSeenAt: { type: "string" },
          expiresAt: { type: "string" },
          endedAt: { type: "string" },
          idleTimeoutSeconds: { type: "integer" },
        },
      },
      Agent: {
        type: "object",
        properties: {
          id: { type: "string" },
          name: { type: "string" },
          model: { type: "string" },
          status: { enum: ["active", "paused"] },
          department: { type: ["string", "null"] },
          allowedModels: { type: "array", items: { type: "string" } },
        },
      },
    },
  },
} as const;
