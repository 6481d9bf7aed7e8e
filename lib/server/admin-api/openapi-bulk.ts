/**
 * The admin API's bulk and operator-tool paths (detailed usage, export pages, bulk
 * invitations, migration, debugging, billing reconciliation), spread into
 * openapi.ts's document.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const error = (description: string) => json(description, ref("Error"));
const body = (schema: object) => ({ required: true, content: { "application/json": { schema } } });
const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required });
const path = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
const q = (name: string, schema: object, description?: string) => ({ name, in: "query", schema, ...(description ? { description } : {}) });
export const refusals = {
  "401": error("UNAUTHENTICATED: no token, or a revoked, expired or unverifiable one."),
  "403": error("FORBIDDEN: support tokens and support staff are read-only."),
  "404": error("NOT_FOUND: no such tenant, or the caller is not platform staff."),
  "409": error("CONFLICT"),
  "422": error("INVALID: the message names the field."),
};
const page = (rows: object) => obj({ rows: { type: "array", items: rows }, cursor: { type: "string" }, isDone: { type: "boolean" } });
const importRows = body(
  obj(
    {
      rows: {
        type: "array",
        maxItems: 250,
        items: obj({ line: { type: "integer" }, name: { type: "string" }, email: { type: "string" }, role: { type: "string" } }, [
          "line",
          "name",
          "email",
          "role",
        ]),
      },
    },
    ["rows"],
  ),
);
const importResults = json(
  "Each row's outcome (would_invite, invited, already_member, already_invited, invalid_email, invalid_name, invalid_role, duplicate) and message.",
  obj({ results: { type: "array", items: obj({ line: {}, email: {}, outcome: {}, message: {} }) } }),
);

export const bulkPaths = {
  "/tenants/{slug}/usage/detailed": {
    parameters: [path("slug")],
    get: {
      summary: "A month's usage per day x agent x model (rollup rows; a key's departments are adjacent, sum them)",
      parameters: [
        q("month", { type: "string", pattern: "^\\d{4}-\\d{2}$" }, "default: this month"),
        q("cursor", { type: "string" }),
        q("limit", { type: "integer", maximum: 2000 }),
      ],
      responses: {
        "200": json(
          "One page.",
          page(
            obj({ day: {}, agentId: {}, agent: {}, model: {}, calls: {}, errors: {}, inputTokens: {}, outputTokens: {}, costMicros: {} }),
          ),
        ),
        ...refusals,
      },
    },
  },
  "/tenants/{slug}/export": {
    parameters: [path("slug")],
    post: {
      summary: "Start a GDPR export (audited, admin only): the tenant and the tables to page through",
      responses: {
        "200": json("The manifest.", obj({ tenant: { type: "object" }, tables: { type: "array", items: { type: "string" } } })),
        ...refusals,
      },
    },
  },
  "/tenants/{slug}/export/{table}": {
    parameters: [path("slug"), path("table")],
    get: {
      summary: "One page of one exported table (admin only; secrets redacted)",
      parameters: [
        q("tenantId", { type: "string" }, "from POST /tenants/{slug}/export"),
        q("cursor", { type: "string" }),
        q("limit", { type: "integer", maximum: 2000 }),
      ],
      responses: { "200": json("One page.", page({ type: "object" })), ...refusals },
    },
  },
  "/tenants/{slug}/invitations/check": {
    parameters: [path("slug")],
    post: {
      summary: "Classify up to 250 CSV rows (the portal's rules); writes nothing",
      requestBody: importRows,
      responses: { "200": importResults, ...refusals },
    },
  },
  "/tenants/{slug}/invitations/apply": {
    parameters: [path("slug")],
    post: {
      summary: "Invite up to 250 rows (already members or invited are reported, not repeated)",
      requestBody: importRows,
      responses: { "200": importResults, ...refusals },
    },
  },
  "/tenants/{slug}/provision": {
    parameters: [path("slug")],
    post: {
      summary: "Apply a starter template (its agents; sample conversations when asked)",
      requestBody: body(
        obj({ template: { enum: ["customer-support"] }, includeSampleData: { type: "boolean", default: false } }, ["template"]),
      ),
      responses: {
        "200": json("What was added.", obj({ slug: {}, template: {}, agents: { type: "integer" }, conversations: { type: "integer" } })),
        ...refusals,
      },
    },
  },
  "/tenants/{slug}/slow-queries": {
    parameters: [path("slug")],
    get: {
      summary: "The tenant's slowest Convex functions (count, mean, p50, p95, max; percentiles are bucket upper bounds)",
      parameters: [
        q("since", { type: "string", pattern: "^\\d+[mhd]$", default: "1h" }, "at most 7d"),
        q("limit", { type: "integer", minimum: 1, maximum: 200, default: 20 }),
      ],
      responses: {
        "200": json(
          "Slowest first (by p95, then max).",
          obj({
            slug: {},
            sinceMs: {},
            truncated: { type: "boolean" },
            functions: { type: "array", items: obj({ fn: {}, count: {}, meanMs: {}, p50Ms: {}, p95Ms: {}, maxMs: {} }) },
          }),
        ),
        ...refusals,
      },
    },
  },
  "/debug/users/{who}": {
    parameters: [path("who")],
    get: {
      summary:
        "A user (email, user id or identity subject): memberships and roles, what they can open and why, token claims, refused attempts",
      responses: {
        "200": json(
          "The user's access.",
          obj({
            user: {},
            claims: {},
            tenants: { type: "array" },
            others: { type: "string" },
            deniedAttempts: { type: "array" },
            sessions: {},
          }),
        ),
        ...refusals,
      },
    },
  },
  "/tenants/{slug}/migration": {
    parameters: [path("slug")],
    get: {
      summary: "Departments, agents (with ids) and configuration, for tenantry export --tenant",
      responses: {
        "200": json("The snapshot.", obj({ source: {}, configuration: {}, departments: { type: "array" }, agents: { type: "array" } })),
        ...refusals,
      },
    },
  },
  "/tenants/{slug}/migration/usage": {
    parameters: [path("slug")],
    get: {
      summary: "One page (1,000) of usage rollups, oldest day first",
      parameters: [q("cursor", { type: "string" })],
      responses: { "200": json("One page.", page({ type: "object" })), ...refusals },
    },
    post: {
      summary:
        "Import up to 500 usage rows, agent and department ids already mapped; existing (day, model, agent, department) rows are skipped",
      requestBody: body(obj({ dryRun: { type: "boolean" }, rows: { type: "array", maxItems: 500 } }, ["rows"])),
      responses: {
        "200": json("What was (or would be) created.", obj({ created: { type: "integer" }, existing: { type: "integer" } })),
        ...refusals,
      },
    },
  },
  "/tenants/{slug}/migration/structure": {
    parameters: [path("slug")],
    post: {
      summary: "Import configuration, departments (matched by name) and agents (matched by migratedFrom); answers counts and the id map",
      requestBody: body(
        obj({ dryRun: { type: "boolean" }, configuration: { type: "object" }, departments: { type: "array" }, agents: { type: "array" } }, [
          "configuration",
          "departments",
          "agents",
        ]),
      ),
      responses: {
        "200": json(
          "Counts and map.",
          obj({ dryRun: {}, counts: {}, map: obj({ departments: { type: "object" }, agents: { type: "object" } }) }),
        ),
        ...refusals,
      },
    },
  },
};
