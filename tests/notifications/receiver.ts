/** A webhook receiver for tests: verifies every delivery with the standardwebhooks library, as a tenant's server would. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = { id: string; type: string; data: Record<string, unknown>; verified: boolean };

export async function startReceiver() {
  const state = { secrets: [] as string[], failWith: 0, received: [] as Received[], rejected: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (state.failWith) {
        res.writeHead(state.failWith).end();
        return;
      }
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const verified = state.secrets.some((s) => {
        try {
          new Webhook(s).verify(body, headers);
          return true;
        } catch {
          return false;
        }
      });
      if (!verified) {
        state.rejected++;
        res.writeHead(401).end();
        return;
      }
      const msg = JSON.parse(body) as { type: string; data: Record<string, unknown> };
      state.received.push({ id: headers["webhook-id"], type: msg.type, data: msg.data, verified });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return { state, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}
