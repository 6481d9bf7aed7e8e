/**
 * HTTP actions (convex/http.ts) on the site origin, as a deployment serves
 * them at <name>.convex.site: the router picks the handler, which runs as an
 * action with the caller's identity when a Bearer token is sent.
 */
import type http from "node:http";
import { Readable } from "node:stream";
import { execStorage } from "./context";
import { readBody, callerOf } from "./http-api";
import { AuthError, type Authenticator } from "./auth";
import type { Runtime } from "./runtime";
import { emptyWrites } from "./context";

type Router = { lookup(path: string, method: string): [{ invokeHttpAction(req: Request): Promise<Response> }, string, string] | null };

export function createSiteHandler(rt: Runtime, auth: Authenticator, siteUrl: string) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? "/", siteUrl);
      const router = rt.modules.module("http")?.default as Router | undefined;
      const match = router?.lookup(url.pathname, req.method ?? "GET");
      if (!match) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("No matching routes found");
        return;
      }
      let identity = null;
      try {
        identity = (await callerOf(auth, req.headers.authorization)).identity;
      } catch (e) {
        if (!(e instanceof AuthError)) throw e;
        res.writeHead(401, { "Content-Type": "text/plain" }).end(e.message);
        return;
      }
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(await readBody(req));
      const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body });
      // The backend names an HTTP action by its matched route (HttpActionRoute: the normalized method and the
      // route's own path, `/prefix/*` for a pathPrefix route), in its function logs and getFunctionMetadata.
      const [handler, method, routePath] = match;
      const exec = {
        runtime: rt,
        kind: "httpAction" as const,
        udfPath: `${method} ${routePath}`,
        component: "",
        identity,
        streams: new Map(),
        nextStreamId: 1,
        startedAt: Date.now(),
        logLines: [],
        writes: emptyWrites(),
        scheduledJobs: 0,
        paginatedQueries: 0,
        requestId: crypto.randomUUID().slice(0, 16),
      };
      try {
        const response = await execStorage.run(exec, () => handler.invokeHttpAction(request));
        rt.log.call("http", exec.udfPath, Date.now() - exec.startedAt, "ok", String(response.status));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) Readable.fromWeb(response.body as never).pipe(res);
        else res.end();
      } catch (e) {
        rt.log.call("http", exec.udfPath, Date.now() - exec.startedAt, "error", (e as Error).message);
        res.writeHead(500, { "Content-Type": "text/plain" }).end(`Uncaught Error: ${(e as Error).message}`);
      }
    })().catch((e) => {
      if (!res.headersSent) res.writeHead(500).end(String((e as Error).message));
    });
  };
}
