import type { Metadata } from "next";
import { openApiDocument } from "@/lib/server/api/openapi";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Operation, type OperationDoc } from "./operation";

export const metadata: Metadata = { title: "Runtime API" };

const METHODS = ["get", "post", "delete"] as const;

// GET /docs/api: the runtime API reference, rendered from the same OpenAPI document /api/v1/openapi.json serves.
export default function ApiDocsPage() {
  const doc = openApiDocument;
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => m in item).map((method) => ({ path, method, op: (item as Record<string, OperationDoc>)[method] })),
  );
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <div className="flex items-center gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">{doc.info.title}</h1>
          <Badge variant="outline">v{doc.info.version}</Badge>
        </div>
        <p className="max-w-3xl text-sm text-muted-foreground">{doc.info.description}</p>
        <p className="text-sm">
          Machine-readable:{" "}
          <a className="font-mono text-primary underline-offset-4 hover:underline" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          . Create keys on a workspace&apos;s API keys page.
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Quick start</CardTitle>
          <CardDescription>Report a batch of usage with a retry-safe key.</CardDescription>
        </CardHeader>
        <CardContent>
          <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">{`curl -X POST $TENANTRY/api/v1/usage \\
  -H "Authorization: Bearer $TENANTRY_API_KEY" \\
  -H "Idempotency-Key: $(uuidgen)" \\
  -H "Content-Type: application/json" \\
  -d '{"events":[{"agentId":"<agent id>","inputTokens":1200,"outputTokens":340,"latencyMs":910,"success":true}]}'`}</pre>
        </CardContent>
      </Card>
      <nav aria-label="Endpoints" className="flex flex-wrap gap-2">
        {operations.map(({ path, method }) => (
          <a
            key={`${method} ${path}`}
            href={`#${method}-${path}`}
            className="rounded-md border px-2 py-1 font-mono text-xs hover:bg-accent"
          >
            {method.toUpperCase()} {path}
          </a>
        ))}
      </nav>
      {operations.map(({ path, method, op }) => (
        <Operation key={`${method} ${path}`} path={path} method={method} op={op} />
      ))}
    </div>
  );
}
