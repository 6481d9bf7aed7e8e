// POST /api/mcp: the agent workspace as an MCP server (Streamable HTTP, stateless: one server per request),
// authenticated with a workspace API key (Authorization: Bearer tnt_...). GET/DELETE: 405 (no sessions to resume or end).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { NextResponse } from "next/server";
import { readApiKey } from "@/lib/server/api/request";
import { unexpectedError } from "@/lib/server/errors";
import { registerTools } from "./tools";

/**
 * One JSON-schema validator for every request's server. The SDK's Server builds a fresh Ajv
 * instance (meta-schemas compiled) when given none: that alone was about a tenth of an MCP
 * call's CPU. It only validates elicitation answers, which these tools never ask for, and
 * Ajv's compiled-schema cache is safe to share within the process.
 */
let validator: AjvJsonSchemaValidator | undefined;

export async function POST(request: Request): Promise<Response> {
  try {
    const key = readApiKey(request);
    if (!key.ok) return key.response;
    const server = new McpServer(
      { name: "tenantry-workspace", version: "1.0.0" },
      { jsonSchemaValidator: (validator ??= new AjvJsonSchemaValidator()) },
    );
    registerTools(server, key.value);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    return withClosedCode(await transport.handleRequest(request));
  } catch (error) {
    return unexpectedError(error, "POST /api/mcp");
  }
}

/**
 * HTTP-level refusals of the transport (406 without the right Accept, 415, unreadable JSON-RPC) carry a
 * JSON-RPC error body; they also get the API's closed `code` and `message`, so every error reads the same.
 */
async function withClosedCode(response: Response): Promise<Response> {
  if (response.status < 400 || !response.headers.get("content-type")?.includes("application/json")) return response;
  const body = (await response.json()) as { error?: { message?: string } };
  const message = body.error?.message ?? "The MCP request was refused.";
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return NextResponse.json({ ...body, code: "INVALID", message }, { status: response.status, headers });
}

const notAllowed = () =>
  NextResponse.json(
    { code: "INVALID", message: "This MCP server is stateless: send JSON-RPC with POST." },
    { status: 405, headers: { Allow: "POST" } },
  );
export { notAllowed as GET, notAllowed as DELETE };
