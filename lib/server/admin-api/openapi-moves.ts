/** The admin API's tenant-move paths (docs/scaling.md, "Moving a tenant"), spread into openapi.ts's document. */
import { refusals } from "./openapi-bulk";

const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required });
const json = (description: string, schema: object) => ({ description, content: { "application/json": { schema } } });
const nullable = (type: string) => ({ type: [type, "null"] });
const slug = { name: "slug", in: "path", required: true, schema: { type: "string" } };

const move = obj(
  {
    id: { type: "string" },
    from: { type: "string", examples: ["shared:main"] },
    to: { type: "string", examples: ["dedicated:t-acme"] },
    phase: { enum: ["create", "seed", "copy", "catchup", "verify", "switch", "switched", "complete", "done"] },
    status: { enum: ["running", "failed", "switched", "done", "reversed"] },
    reverseOf: nullable("string"),
    copiedRows: { type: "integer" },
    caughtUp: { type: "integer", description: "rows copied again from the change log" },
    verifiedTables: nullable("integer"),
    verifyOk: nullable("boolean"),
    freezeMs: { ...nullable("integer"), description: "the switch's write freeze, once switched" },
    retiredRows: nullable("integer"),
    error: nullable("string"),
    startedAt: { type: "integer" },
    updatedAt: { type: "integer" },
  },
  ["id", "from", "to", "phase", "status", "copiedRows", "caughtUp", "startedAt", "updatedAt"],
);

export const movePaths = {
  "/tenants/{slug}/move": {
    post: {
      summary: "Start, resume, reverse or complete a tenant move (tenantry tenant migrate); admin only, runs in the background",
      parameters: [slug],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: obj({
              action: { enum: ["start", "resume", "reverse", "complete"], default: "start" },
              to: { type: "string", examples: ["dedicated", "shared:main", "dedicated:t-acme"], description: "for start" },
            }),
          },
        },
      },
      responses: {
        "202": json("The move runs.", obj({ moveId: { type: "string" }, action: { type: "string" }, to: { type: "string" } }, ["moveId"])),
        ...refusals,
      },
    },
    get: {
      summary: "A tenant's moves, newest first, with phase and progress (tenantry tenant migrate-status)",
      parameters: [slug],
      responses: {
        "200": json("The moves.", obj({ slug: { type: "string" }, moves: { type: "array", items: move } }, ["slug", "moves"])),
        ...refusals,
      },
    },
  },
};
