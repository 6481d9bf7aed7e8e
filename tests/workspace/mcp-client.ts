/** The MCP SDK's own client, connected to the /api/mcp route handler in-process (its fetch calls the handler). */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

type Handler = (req: Request) => Promise<Response>;

export async function mcpClient(POST: Handler, key: string) {
  const transport = new StreamableHTTPClientTransport(new URL("http://localhost:3000/api/mcp"), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
    fetch: async (url, init) => {
      if ((init?.method ?? "GET") !== "POST") return new Response(null, { status: 405 });
      return POST(new Request(url, init as RequestInit));
    },
  });
  const client = new Client({ name: "workspace-test", version: "1.0.0" });
  await client.connect(transport);
  /** Calls a tool; answers its JSON value, or `{ error }` for a refusal. */
  const call = async (name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const r = (await client.callTool({ name, arguments: args })) as { isError?: boolean; content: { type: string; text: string }[] };
    const value = JSON.parse(r.content[0].text) as Record<string, unknown>;
    return r.isError ? { error: value } : value;
  };
  return { client, call, close: () => client.close() };
}
