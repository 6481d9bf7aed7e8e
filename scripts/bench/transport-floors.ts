/**
 * The least any backend can cost through each `convex` client: one bare
 * server that answers every query with the same already-serialized value,
 * over the HTTP API (ConvexHttpClient) and over the WebSocket sync protocol
 * (ConvexClient). bench-convex-local times it beside convex-local, so its
 * figures separate what the clients and the loopback network cost from what
 * convex-local costs.
 */
import http from "node:http";
import { WebSocketServer } from "ws";
import { encodeTs } from "../../lib/local/convex/sync";

type ModifyQuerySet = { type: "ModifyQuerySet"; newVersion: number; modifications: { type: "Add" | "Remove"; queryId: number }[] };

export async function startFloorServer(valueJson: string): Promise<{ url: string; close(): Promise<void> }> {
  const httpBody = `{"status":"success","value":${valueJson},"logLines":[]}`;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end(httpBody));
  });
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws) => {
    // The protocol's least: a Transition only when the client waits for a value
    // (removals ride on the next one), from the versions last sent to the newest.
    let sentQuerySet = 0;
    let sentTs = encodeTs(0n);
    const ts = encodeTs(1n);
    let pending: string[] = [];
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as ModifyQuerySet | { type: string };
      if (msg.type !== "ModifyQuerySet") return;
      const { newVersion, modifications } = msg as ModifyQuerySet;
      for (const m of modifications) {
        pending.push(
          m.type === "Add"
            ? `{"type":"QueryUpdated","queryId":${m.queryId},"value":${valueJson},"logLines":[],"journal":null}`
            : `{"type":"QueryRemoved","queryId":${m.queryId}}`,
        );
      }
      if (!modifications.some((m) => m.type === "Add")) return;
      ws.send(
        `{"type":"Transition","startVersion":{"querySet":${sentQuerySet},"identity":0,"ts":"${sentTs}"},` +
          `"endVersion":{"querySet":${newVersion},"identity":0,"ts":"${ts}"},"modifications":[${pending.join(",")}]}`,
      );
      pending = [];
      sentQuerySet = newVersion;
      sentTs = ts;
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
