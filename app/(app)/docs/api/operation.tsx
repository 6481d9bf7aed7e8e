import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { openApiDocument } from "@/lib/server/api/openapi";

type Schema = {
  $ref?: string;
  type?: unknown;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  enum?: readonly unknown[];
  oneOf?: readonly Schema[];
  items?: Schema;
  description?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
export type OperationDoc = {
  summary: string;
  description?: string;
  parameters?: readonly Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string }>;
};

const schemas = openApiDocument.components.schemas as unknown as Record<string, Schema>;
const resolve = (s: Schema): Schema => (s.$ref ? schemas[s.$ref.split("/").pop()!] : s);

function typeOf(s: Schema): string {
  const r = resolve(s);
  if (r.enum) return r.enum.join(" | ");
  if (r.oneOf) return r.oneOf.map(typeOf).join(" or ");
  if (r.type === "array" && r.items) return `${typeOf(r.items)}[]`;
  return Array.isArray(r.type) ? r.type.join(" | ") : String(r.type ?? "object");
}

/** The fields of the request body's main object (the first object schema in a oneOf). */
function bodyFields(s: Schema): [string, Schema, boolean][] {
  const r = resolve(s);
  const main = r.properties ? r : r.oneOf?.map(resolve).find((x) => x.properties);
  if (!main?.properties) return [];
  return Object.entries(main.properties).map(([k, v]) => [k, v, main.required?.includes(k) ?? false]);
}

/** One endpoint: what it does, its parameters, body fields and every status it answers with. */
export function Operation({ path, method, op }: { path: string; method: string; op: OperationDoc }) {
  const jsonBody = op.requestBody?.content["application/json"];
  const fields = jsonBody ? bodyFields(jsonBody.schema) : [];
  const rawBody = op.requestBody && !jsonBody ? Object.keys(op.requestBody.content)[0] : null;
  return (
    <Card id={`${method}-${path}`} className="scroll-mt-20">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 font-mono text-sm">
          <Badge>{method.toUpperCase()}</Badge> {path}
        </CardTitle>
        <CardDescription>{op.summary}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        {op.description && <p className="text-muted-foreground">{op.description}</p>}
        {rawBody && <p className="text-xs">Body: raw bytes ({rawBody}).</p>}
        {(op.parameters?.length ?? 0) + fields.length > 0 && (
          <dl className="grid gap-2 sm:grid-cols-[12rem_1fr]">
            {op.parameters?.map((p) => (
              <Field
                key={p.name}
                name={p.name}
                where={p.in}
                type={p.schema ? typeOf(p.schema) : "string"}
                required={p.required}
                note={p.description}
              />
            ))}
            {fields.map(([name, s, required]) => (
              <Field
                key={name}
                name={name}
                where="body"
                type={typeOf(s)}
                required={required}
                note={[resolve(s).description, range(resolve(s))].filter(Boolean).join(" ")}
              />
            ))}
          </dl>
        )}
        <ul className="grid gap-1">
          {Object.entries(op.responses).map(([status, r]) => (
            <li key={status} className="flex gap-3">
              <span className={`w-10 shrink-0 font-mono ${status.startsWith("2") ? "text-emerald-600" : "text-amber-600"}`}>{status}</span>
              <span className="text-muted-foreground">{r.description}</span>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}

const range = (s: Schema) =>
  s.minimum !== undefined && s.maximum !== undefined ? `(${s.minimum} to ${s.maximum.toLocaleString("en-US")})` : "";

function Field({ name, where, type, required, note }: { name: string; where: string; type: string; required?: boolean; note?: string }) {
  return (
    <>
      <dt className="font-mono text-xs">
        {name}{" "}
        <span className="text-muted-foreground">
          ({where}
          {required ? ", required" : ""})
        </span>
      </dt>
      <dd className="text-xs">
        <span className="font-mono text-muted-foreground">{type}</span> {note}
      </dd>
    </>
  );
}
