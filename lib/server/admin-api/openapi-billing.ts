/** The admin API's billing path (reconciliation against Stripe), spread into openapi.ts's document. */
import { DIFFERENCE_TYPES } from "../../domain/billing/reconcile";
import { refusals } from "./openapi-bulk";

const obj = (properties: Record<string, object>, required: string[] = []) => ({ type: "object", properties, required });
const side = {
  oneOf: [
    { type: "null" },
    obj({ amountCents: { type: "integer" }, quantity: { type: "number" }, status: { type: "string" } }, ["amountCents", "quantity"]),
  ],
};
const line = obj({
  id: { type: "string" },
  kind: { enum: ["base", "tokens", "storage", "other"] },
  description: { type: "string" },
  quantity: { type: "number" },
  amountCents: { type: "integer" },
});
const metered = obj({
  kind: { enum: ["tokens", "storage"] },
  description: { type: "string" },
  quantity: { type: "number", description: "tokens or bytes over the plan" },
  amountCents: { type: "integer" },
});

const reconciliation = obj(
  {
    slug: { type: "string" },
    month: { type: "string", examples: ["2026-03"] },
    provider: { enum: ["stripe", "simulator"] },
    customerId: { type: ["string", "null"] },
    usage: obj({
      calls: { type: "integer" },
      inputTokens: { type: "integer" },
      outputTokens: { type: "integer" },
      tokens: { type: "integer" },
      costMicros: { type: "integer" },
    }),
    invoices: {
      type: "array",
      items: obj({
        invoiceId: { type: "string" },
        number: { type: ["string", "null"] },
        createdAt: { type: "integer" },
        tenantry: {
          oneOf: [
            { type: "null" },
            obj({
              status: { type: "string" },
              totalCents: { type: "integer" },
              baseCents: { type: ["integer", "null"] },
              meteredLines: { type: "array", items: metered },
            }),
          ],
        },
        stripe: {
          oneOf: [
            { type: "null" },
            obj({ status: { type: "string" }, totalCents: { type: "integer" }, lines: { type: "array", items: line } }),
          ],
        },
      }),
    },
    differences: {
      type: "array",
      items: obj(
        {
          type: { enum: DIFFERENCE_TYPES },
          invoiceId: { type: "string" },
          invoiceNumber: { type: ["string", "null"] },
          line: { enum: ["base", "tokens", "storage", "invoice", "total"] },
          tenantry: side,
          stripe: side,
          message: { type: "string" },
        },
        ["type", "invoiceId", "line", "tenantry", "stripe", "message"],
      ),
    },
    reconciled: { type: "boolean", description: "true when there is no difference" },
  },
  ["slug", "month", "provider", "invoices", "differences", "reconciled"],
);

export const billingPaths = {
  "/tenants/{slug}/billing/reconcile": {
    parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }],
    get: {
      summary:
        "Tenantry's invoices, lines and usage for a month against Stripe's (the simulator in local mode); read only, support may run it",
      parameters: [{ name: "month", in: "query", required: true, schema: { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])$" } }],
      responses: {
        "200": {
          description:
            "Every difference (missing or unrecorded invoice, missing, unexpected or duplicate line, amount, quantity or status mismatch).",
          content: { "application/json": { schema: reconciliation } },
        },
        ...refusals,
      },
    },
  },
};
