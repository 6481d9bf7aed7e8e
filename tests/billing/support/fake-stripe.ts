/**
 * A stand-in for api.stripe.com speaking its HTTP API (form-encoded requests,
 * JSON answers, Idempotency-Key replay), so the real stripe SDK and the real
 * Stripe adapter can be tested without the network. Records every request.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Recorded = { method: string; path: string; idempotencyKey: string | null; stripeVersion: string | null; form: URLSearchParams };
type Route = (req: Recorded) => { status: number; body: unknown } | null;

export async function startFakeStripe(routes: Route[]) {
  const requests: Recorded[] = [];
  const replays = new Map<string, { status: number; body: unknown }>();
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", "http://stripe.test");
    const recorded: Recorded = {
      method: req.method ?? "GET",
      path: url.pathname,
      idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
      stripeVersion: (req.headers["stripe-version"] as string | undefined) ?? null,
      form: new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
    };
    requests.push(recorded);
    const key = recorded.idempotencyKey ? `${recorded.method} ${recorded.path} ${recorded.idempotencyKey}` : null;
    let answer = key ? replays.get(key) : undefined;
    if (!answer) {
      answer = routes.map((r) => r(recorded)).find(Boolean) ?? {
        status: 404,
        body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No route ${recorded.path}` } },
      };
      if (key && answer.status < 500) replays.set(key, answer);
    }
    res.writeHead(answer.status, { "content-type": "application/json", "request-id": `req_${requests.length}` });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
