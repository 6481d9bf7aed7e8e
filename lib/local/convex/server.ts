/**
 * Starts convex-local: the store, the modules, the runtime, and two
 * listeners like a deployment's: the API origin (HTTP API + WebSocket sync,
 * default port 3210) and the site origin for HTTP actions (port + 1).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { WebSocketServer } from "ws";
import { Store } from "./store";
import { Modules } from "./modules";
import { Runtime } from "./runtime";
import { loadComponents } from "./components";
import { Authenticator } from "./auth";
import { createHttpApi } from "./http-api";
import { createSiteHandler } from "./http-actions";
import { SyncSession } from "./sync";
import { consoleLogger, type Logger } from "./log";

export type ConvexLocalOptions = {
  /** Where the SQLite file and stored files live (default `.data/convex`). */
  dataDir?: string;
  /** API port (default 3210; 0 picks a free port). HTTP actions are served on their own port. */
  port?: number;
  sitePort?: number;
  host?: string;
  /** The project's convex/ folder (default `./convex`). */
  functionsDir?: string;
  /** Rebuild and reload modules when files change (dev). */
  watch?: boolean;
  /** Environment variables visible to functions as process.env. */
  env?: Record<string, string>;
  log?: Logger;
};

export type ConvexLocalServer = {
  url: string;
  siteUrl: string;
  adminKey: string;
  runtime: Runtime;
  close(): Promise<void>;
};

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE"
          ? new Error(`Port ${port} is already in use (is another convex-local running?). Pick another with --port.`)
          : e,
      ),
    );
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

function adminKeyFor(dataDir: string): string {
  const file = path.join(dataDir, "admin-key");
  if (!fs.existsSync(file)) fs.writeFileSync(file, `convex-local|${crypto.randomBytes(24).toString("hex")}`, { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

export async function startConvexServer(options: ConvexLocalOptions = {}): Promise<ConvexLocalServer> {
  const dataDir = path.resolve(options.dataDir ?? ".data/convex");
  const functionsDir = path.resolve(options.functionsDir ?? "convex");
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? consoleLogger();
  if (!fs.existsSync(functionsDir)) throw new Error(`No Convex functions folder at ${functionsDir}.`);
  fs.mkdirSync(dataDir, { recursive: true });
  Object.assign(process.env, options.env ?? {});

  const store = new Store(path.join(dataDir, "convex.sqlite3"));
  const api = http.createServer();
  const site = http.createServer();
  // Idle keep-alive sockets stay open longer than any client keeps one (Node's agents and undici
  // close theirs after about 4-5 s): the server closing first is what races a reused socket.
  for (const server of [api, site]) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const port = await listen(api, options.port ?? 3210, host);
  const sitePort = await listen(site, options.sitePort ?? (options.port === 0 ? 0 : port + 1), host);
  const url = `http://${host}:${port}`;
  const siteUrl = `http://${host}:${sitePort}`;
  process.env.CONVEX_CLOUD_URL ??= url;
  process.env.CONVEX_SITE_URL ??= siteUrl;

  const modules = new Modules(functionsDir, (error) => {
    if (error) return log.info(`reload failed, keeping the previous modules:\n${error.message}`);
    try {
      runtime.applySchema();
    } catch (e) {
      return log.info(`schema refused, keeping the previous schema:\n${(e as Error).message}`);
    }
    log.info("functions reloaded");
  });
  const runtime = new Runtime(store, modules, log, { cloud: url, site: siteUrl }, dataDir);
  // One directory per server: several servers may run in one process (tests).
  const componentsOut = path.join(modules.outRoot(), `${process.pid}-components-${Math.random().toString(36).slice(2, 8)}`);
  // Component bundles are shared by the process (components.ts); only this server's config bundle goes.
  const disposeComponents = async () => fs.rmSync(componentsOut, { recursive: true, force: true });
  try {
    if (options.watch) await modules.watch();
    else await modules.load();
    // Components (convex/convex.config.ts) come from installed packages: loaded once, not watched.
    runtime.components = await loadComponents(functionsDir, componentsOut);
    runtime.applySchema();
  } catch (e) {
    // A refused start (modules or schema) leaves nothing open behind it: no listener, no data file handle.
    await modules.dispose().catch(() => undefined);
    await disposeComponents().catch(() => undefined);
    await Promise.all([api, site].map((s) => new Promise((r) => s.close(r))));
    store.close();
    throw e;
  }

  const authConfig = () => (modules.module("auth.config")?.default as { providers?: never[] } | undefined)?.providers ?? [];
  const auth = new Authenticator(authConfig, adminKeyFor(dataDir));
  const handleApi = createHttpApi(runtime, auth);
  api.on("request", (req, res) => {
    const reqUrl = new URL(req.url ?? "/", url);
    handleApi(req, res, reqUrl)
      .then((handled) => {
        if (!handled)
          res
            .writeHead(404, { "Content-Type": "application/json" })
            .end(JSON.stringify({ code: "NotFound", message: `No route ${reqUrl.pathname}` }));
      })
      .catch((e) => {
        log.info(`internal error on ${reqUrl.pathname}: ${(e as Error).stack}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ code: "InternalServerError", message: "Your request couldn't be completed. Try again later." }));
      });
  });
  const wss = new WebSocketServer({ noServer: true });
  api.on("upgrade", (req, socket, head) => {
    if (!/^\/api\/[^/]+\/sync$/.test(new URL(req.url ?? "/", url).pathname)) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => new SyncSession(ws, runtime, auth));
  });
  site.on("request", createSiteHandler(runtime, auth, siteUrl));
  runtime.scheduler.start();

  return {
    url,
    siteUrl,
    adminKey: auth.adminKey,
    runtime,
    async close() {
      await runtime.scheduler.stop();
      await modules.dispose();
      await disposeComponents();
      for (const client of wss.clients) client.terminate();
      await Promise.all([api, site].map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
      store.close();
    },
  };
}
