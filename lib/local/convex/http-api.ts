/**
 * Convex's HTTP API, as ConvexHttpClient and convex/nextjs call it:
 * POST /api/query | /api/mutation | /api/action | /api/function, plus
 * /api/query_ts, /api/query_at_ts, storage upload and download. Success is
 * 200 `{status: "success", value}`; a function error is 560
 * `{status: "error", errorMessage, errorData}`, as on a deployment.
 */
import type http from "node:http";
import type { JSONValue, Value } from "convex/values";
import type { Runtime } from "./runtime";
import { AuthError, type Authenticator } from "./auth";
import { FunctionFailure, RequestError } from "./errors";
import type { Identity } from "./context";
import type { FunctionKind } from "./modules";
import { decodeArgs } from "./args";

const UDF_FAILED = 560;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*", ...headers });
  res.end(JSON.stringify(body));
}

export function readBody(req: http.IncomingMessage, limit = 20 * 1024 * 1024): Promise<Buffer> {
  // Plain events rather than `for await`: the async iterator costs a few promises per chunk on every call.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = () => new RequestError(`Request body exceeds ${limit} bytes`);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks.length = 0;
      // Too large: the rest is read and dropped so the client, still sending, gets the refusal rather than a reset
      // connection. Past four times the limit the sender is not a client worth answering, and the socket is closed.
      if (size > 4 * limit) {
        cleanup();
        req.destroy();
        reject(tooLarge());
      }
    };
    const onEnd = () => {
      cleanup();
      if (size > limit) reject(tooLarge());
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onClose = () => {
      // Closed before its end (the client went away): what the iterator reports as a premature close.
      if (req.readableEnded) return;
      cleanup();
      reject(Object.assign(new Error("Premature close"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** Who is calling: anonymous, a verified user, or an admin (optionally acting as a user). */
export async function callerOf(auth: Authenticator, header: string | undefined): Promise<{ identity: Identity | null; admin: boolean }> {
  if (!header) return { identity: null, admin: false };
  if (header.startsWith("Bearer ")) return { identity: await auth.verify(header.slice(7)), admin: false };
  if (header.startsWith("Convex ")) return { ...auth.verifyAdmin(header.slice(7)), admin: true };
  throw new AuthError("Authorization header must be `Bearer <token>` or `Convex <admin key>`.");
}

export function createHttpApi(rt: Runtime, auth: Authenticator) {
  async function runFunction(
    kind: FunctionKind | "any",
    body: { path?: string; args?: unknown },
    caller: { identity: Identity | null; admin: boolean },
  ) {
    if (typeof body.path !== "string") throw new RequestError("Request body must include `path`, the function's name.");
    const rawArgs = Array.isArray(body.args) ? body.args[0] : body.args;
    const args = (rawArgs === undefined ? {} : decodeArgs(body.path, rawArgs as JSONValue)) as Record<string, Value>;
    if (args === null || typeof args !== "object" || Array.isArray(args))
      throw new RequestError("The arguments to a Convex function must be an object.");
    const opts = { internal: caller.admin };
    const resolved = kind === "any" ? kindOf(rt, body.path) : kind;
    if (resolved === "query") return rt.runQuery(body.path, args, caller.identity, opts);
    if (resolved === "mutation") return rt.runMutation(body.path, args, caller.identity, opts);
    return rt.runAction(body.path, args, caller.identity, opts);
  }

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const route = url.pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Headers": "*",
        "Access-Control-Allow-Methods": "GET,POST,OPTIONS",
      });
      res.end();
      return true;
    }
    if (route === "/version" || route === "/instance_name") {
      res.end("convex-local");
      return true;
    }
    if (route === "/api/query_ts" && req.method === "POST") {
      send(res, 200, { ts: String(rt.snapshotTs()) });
      return true;
    }
    const fnRoute = /^\/api\/(query|mutation|action|function|query_at_ts)$/.exec(route);
    const runRoute = /^\/api\/run\/(.+)$/.exec(route);
    if ((fnRoute || runRoute) && req.method === "POST") {
      try {
        const caller = await callerOf(auth, req.headers.authorization);
        let body: { path?: string; args?: unknown };
        try {
          body = JSON.parse((await readBody(req)).toString("utf8") || "{}");
        } catch (e) {
          if (e instanceof RequestError) throw e;
          return (send(res, 400, { code: "BadJsonBody", message: "The request body is not valid JSON." }), true);
        }
        if (runRoute)
          body = { path: runRoute[1].replace(/\//g, (m, i, s) => (i === s.lastIndexOf("/") ? ":" : m)), args: body.args ?? body };
        const kind = fnRoute
          ? (({ query_at_ts: "query", function: "any" } as Record<string, FunctionKind | "any">)[fnRoute[1]] ??
            (fnRoute[1] as FunctionKind))
          : "any";
        const result = await runFunction(kind, body, caller);
        // Every kind of function's result is already Convex-encoded JSON text: forwarded as is.
        const valueJson = result.json;
        res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
        res.end(`{"status":"success","value":${valueJson},"logLines":${JSON.stringify(result.logLines)}}`);
      } catch (e) {
        if (e instanceof AuthError) send(res, 401, { code: "Unauthenticated", message: e.message });
        else if (e instanceof FunctionFailure) {
          send(res, UDF_FAILED, {
            status: "error",
            errorMessage: e.message,
            ...(e.errorData !== undefined ? { errorData: e.errorData } : {}),
            logLines: e.logLines,
          });
        } else if (e instanceof RequestError) send(res, 400, { code: "BadRequest", message: e.message });
        else throw e;
      }
      return true;
    }
    if (route === "/api/storage/upload" && req.method === "POST") {
      if (!rt.files.checkUploadToken(url.searchParams.get("token")))
        return (send(res, 401, { code: "InvalidUploadToken", message: "This upload URL is not valid." }), true);
      const bytes = await readBody(req, 1024 * 1024 * 1024);
      const storageId = await rt.files.store(null, new Blob([new Uint8Array(bytes)], { type: req.headers["content-type"] ?? "" }));
      send(res, 200, { storageId });
      return true;
    }
    const file = /^\/api\/storage\/([a-z0-9]+)$/.exec(route);
    if (file && req.method === "GET") {
      const blob = await rt.files.get(file[1]);
      if (!blob) return (send(res, 404, { code: "FileNotFound", message: "File not found" }), true);
      res.writeHead(200, { "Content-Type": blob.type, "Content-Length": String(blob.size) });
      res.end(Buffer.from(await blob.arrayBuffer()));
      return true;
    }
    return false;
  };
}

function kindOf(rt: Runtime, path: string): FunctionKind {
  const [mod, exp = "default"] = path.split(":");
  const fn = rt.modules.module(mod.replace(/\.js$/, ""))?.[exp] as { isQuery?: boolean; isMutation?: boolean } | undefined;
  return fn?.isQuery ? "query" : fn?.isMutation ? "mutation" : "action";
}
