/** The admin API's placement paths (docs/scaling.md), spread into openapi.ts's document. */
import { refusals } from "./openapi-bulk";

const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required });
const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const nullable = (type: string) => ({ type: [type, "null"] });

const placement = {
  oneOf: [
    obj({ kind: { const: "shared" }, shard: { type: "string" } }, ["kind", "shard"]),
    obj({ kind: { const: "dedicated" }, deployment: { type: "string" } }, ["kind", "deployment"]),
  ],
};
const status = { enum: ["provisioning", "ready", "retired"] };

const deployment = obj(
  {
    name: { type: "string", examples: ["main", "t-acme"] },
    kind: { enum: ["shared", "dedicated"] },
    url: { ...nullable("string"), description: "null for the control plane (shard main) when no row records its URL" },
    provider: { oneOf: [{ enum: ["local", "cloud"] }, { type: "null" }] },
    status,
    createdAt: nullable("integer"),
    dedicatedTo: { ...nullable("string"), description: "the tenant's slug, for a dedicated deployment" },
    tenants: { type: "integer" },
    tenantsCapped: { type: "boolean", description: "true when counting stopped at its cap (tenants is then a lower bound)" },
  },
  ["name", "kind", "url", "status", "tenants", "tenantsCapped"],
);

export const placementPaths = {
  "/deployments": {
    get: {
      summary: "Deployments tenants can live on, with their tenant counts (tenantry deployment list)",
      responses: { "200": json("The registry.", obj({ deployments: { type: "array", items: deployment } }, ["deployments"])), ...refusals },
    },
  },
  "/tenants/{slug}/placement": {
    get: {
      summary: "Where a tenant's data lives (tenantry tenant placement)",
      parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": json(
          "The placement.",
          obj(
            {
              slug: { type: "string" },
              plan: { type: "string" },
              placement,
              label: { type: "string", examples: ["shared:main", "dedicated:t-acme"] },
              version: { type: "integer", description: "bumped by every placement change (compare-and-set)" },
              deployment: {
                oneOf: [
                  { type: "null" },
                  obj({ name: { type: "string" }, kind: { enum: ["shared", "dedicated"] }, url: nullable("string"), provider: {}, status }),
                ],
              },
            },
            ["slug", "placement", "label", "version", "deployment"],
          ),
        ),
        ...refusals,
      },
    },
  },
};
