/**
 * The admin API's OpenAPI 3.1 document, served at /api/admin/v1/openapi.json
 * (no token needed to read it). Plans, statuses and quota keys come from
 * lib/domain, and tests/cli/openapi.test.ts checks that every route of
 * dispatch.ts is described here and nothing else.
 */
import { PLAN_IDS, QUOTA_KEYS } from "../../domain/plans";
import { TENANT_STATUSES } from "../../domain/tenant-status";
import { ROLES } from "../../domain/permissions";
import { bulkPaths } from "./openapi-bulk";
import { billingPaths } from "./openapi-billing";
import { placementPaths } from "./openapi-placement";
import { movePaths } from "./openapi-moves";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(description, ref("Error"));
const body = (schema: object) => ({ required: true, content: { "application/json": { schema } } });
const slug = { name: "slug", in: "path", required: true, schema: { type: "string" } };
const refusals = {
  "401": error("UNAUTHENTICATED: no token, or a revoked, expired or unverifiable one."),
  "403": error("FORBIDDEN: platform support is read-only."),
  "404": error("NOT_FOUND: no such tenant, or the caller is not platform staff."),
  "409": error("CONFLICT: slug taken, already suspended, deleted, ..."),
  "422": error("INVALID: the message names the field."),
};
const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required });
const lifecycleAnswer = json("The tenant's status after the change.", ref("Lifecycle"));
const reason = body(obj({ reason: { type: "string", minLength: 1 } }, ["reason"]));

export const adminOpenApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "Tenantry admin API",
    version: "1.0.0",
    description:
      "What the tenantry CLI calls (docs/cli.md). Authorization: Bearer <a platform token (tnry_pat_..., made in the console under Admin > Tokens), or a staff member's own Convex token>. Every call runs the admin console's staff functions: the same permissions, messages and audit entries. " +
      "Errors are JSON { code, message, field? } with code one of INVALID (400 unreadable body, 422 invalid), UNAUTHENTICATED (401), FORBIDDEN (403), NOT_FOUND (404), CONFLICT (409).",
  },
  servers: [{ url: "/api/admin/v1" }],
  security: [{ operatorToken: [] }],
  paths: {
    "/tenants": {
      get: {
        summary: "List tenants (the console's table)",
        parameters: [
          { name: "status", in: "query", schema: { enum: TENANT_STATUSES } },
          { name: "plan", in: "query", schema: { enum: PLAN_IDS } },
          { name: "search", in: "query", schema: { type: "string", maxLength: 80 } },
          { name: "sort", in: "query", schema: { type: "string" } },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 50 } },
          { name: "cursor", in: "query", schema: { type: "string" } },
        ],
        responses: {
          "200": json(
            "One page.",
            obj({
              tenants: { type: "array", items: { type: "object" } },
              nextCursor: { type: ["string", "null"] },
              total: { type: ["integer", "null"] },
            }),
          ),
          ...refusals,
        },
      },
      post: {
        summary: "Create a tenant (a 14-day trial)",
        requestBody: body(
          obj(
            {
              name: { type: "string" },
              slug: { type: "string" },
              plan: { enum: PLAN_IDS },
              billingEmail: { type: "string", format: "email" },
              overrides: ref("Overrides"),
              monthlyBudgetCents: { type: ["integer", "null"], minimum: 0 },
              ownerEmail: { type: "string", format: "email", description: "An existing user (signed in at least once) made the owner." },
            },
            ["name", "slug", "plan", "billingEmail"],
          ),
        ),
        responses: {
          "201": json(
            "Created.",
            obj({
              tenant: obj({
                id: { type: "string" },
                name: { type: "string" },
                slug: { type: "string" },
                plan: { enum: PLAN_IDS },
                status: { enum: TENANT_STATUSES },
                statusLine: { type: "string", examples: ["Trial - 14 days remaining"] },
                trialDays: { type: "integer" },
                dashboardUrl: { type: "string", format: "uri" },
              }),
            }),
          ),
          ...refusals,
        },
      },
    },
    "/tenants/{slug}": {
      parameters: [slug],
      get: { summary: "One tenant (the console's detail view)", responses: { "200": json("The detail.", ref("Detail")), ...refusals } },
      patch: {
        summary: "Change name, billing email, budget or quota overrides (only the fields given; overrides are merged)",
        requestBody: body(
          obj({
            name: { type: "string" },
            billingEmail: { type: "string" },
            monthlyBudgetCents: { type: ["integer", "null"] },
            overrides: ref("Overrides"),
          }),
        ),
        responses: { "200": json("The detail after the change.", ref("Detail")), ...refusals },
      },
    },
    "/tenants/{slug}/plan": {
      parameters: [slug],
      post: {
        summary: "Change plan; answers each quota before and after",
        requestBody: body(obj({ plan: { enum: PLAN_IDS } }, ["plan"])),
        responses: {
          "200": json("The change.", obj({ slug: { type: "string" }, plan: { type: "object" }, quotas: { type: "object" } })),
          ...refusals,
        },
      },
    },
    "/tenants/{slug}/usage": {
      parameters: [slug],
      get: {
        summary: "Every quota as used / limit / percent, and cost against budget this month",
        responses: {
          "200": json(
            "Usage.",
            obj({ slug: { type: "string" }, quotas: { type: "object" }, cost: { type: "object" }, generatedAt: { type: "integer" } }),
          ),
          ...refusals,
        },
      },
    },
    "/tenants/{slug}/suspend": {
      parameters: [slug],
      post: { summary: "Suspend", requestBody: reason, responses: { "200": lifecycleAnswer, ...refusals } },
    },
    "/tenants/{slug}/reactivate": {
      parameters: [slug],
      post: { summary: "Lift a suspension", responses: { "200": lifecycleAnswer, ...refusals } },
    },
    "/tenants/{slug}/delete": {
      parameters: [slug],
      post: {
        summary: "Soft delete (restorable until hardDeleteAt)",
        requestBody: reason,
        responses: { "200": lifecycleAnswer, ...refusals },
      },
    },
    "/tenants/{slug}/restore": {
      parameters: [slug],
      post: { summary: "Restore a soft-deleted tenant", responses: { "200": lifecycleAnswer, ...refusals } },
    },
    "/tenants/{slug}/invitations": {
      parameters: [slug],
      post: {
        summary: "Invite someone (any role); answers the link they open to join",
        requestBody: body(obj({ email: { type: "string", format: "email" }, role: { enum: ROLES } }, ["email", "role"])),
        responses: {
          "201": json(
            "Invited.",
            obj({
              slug: { type: "string" },
              email: { type: "string" },
              role: { enum: ROLES },
              invitationId: { type: "string" },
              inviteUrl: { type: "string", format: "uri" },
            }),
          ),
          ...refusals,
        },
      },
    },
    "/tenants/{slug}/purge": {
      parameters: [slug],
      post: {
        summary: "Permanently delete a soft-deleted tenant (the slug typed again; the retention period unless overridden)",
        requestBody: body(
          obj({ confirmSlug: { type: "string" }, overrideRetention: { type: "boolean", default: false } }, ["confirmSlug"]),
        ),
        responses: {
          "200": json(
            "The purge is under way.",
            obj({ slug: { type: "string" }, purging: { const: true }, retentionOverridden: { type: "boolean" } }),
          ),
          ...refusals,
        },
      },
    },
    ...bulkPaths,
    ...billingPaths,
    ...placementPaths,
    ...movePaths,
  },
  components: {
    securitySchemes: { operatorToken: { type: "http", scheme: "bearer" } },
    schemas: {
      Error: obj({ code: { type: "string" }, message: { type: "string" }, field: { type: "string" } }, ["code", "message"]),
      Overrides: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(
          QUOTA_KEYS.map((k) => [k, { type: ["integer", "null"], minimum: 0, description: "null: unlimited" }]),
        ),
      },
      Lifecycle: obj({
        slug: { type: "string" },
        status: { enum: TENANT_STATUSES },
        statusLine: { type: "string" },
        hardDeleteAt: { type: ["integer", "null"] },
      }),
      Detail: {
        type: "object",
        description: "tenant (with statusLine and dashboardUrl), users, members, quotas, cost, activity, flags, audit, webhooks.",
      },
    },
  },
};
