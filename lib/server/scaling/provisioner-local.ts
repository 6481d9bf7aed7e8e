/**
 * The local provisioner: one convex-local child process per deployment
 * (scripts/convex-local.ts, the same runtime `npm start` runs), with its ports
 * and data under DATA/deployments/NAME. A child process rather than
 * startConvexServer in this process: convex-local sets its environment on
 * process.env, which two deployments in one process would share.
 *
 * The ports are chosen once and kept in deployment.json, so the URL recorded in
 * the registry stays right across restarts of the app and of the deployment.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { DeploymentName } from "@/lib/domain/placement";
import type { DeploymentEnv, ProvisionRequest, Provisioner } from "./provisioner";

export type LocalProvisionerOptions = {
  /** The app's data dir (`.data`); deployments live in its `deployments/` folder. */
  dataDir: string;
  /** The repository root: scripts/convex-local.ts and convex/ are found from here. */
  root: string;
  env: DeploymentEnv;
  /** How long a deployment may take to start (push included). */
  startTimeoutMs?: number;
  /** Lines of the child's output, for the app's log. */
  log?: (line: string) => void;
};

const HOST = "127.0.0.1";
/** The control plane's own settings, which a child must not inherit (convex-local keeps an inherited CONVEX_CLOUD_URL). */
const NOT_INHERITED = ["CONVEX_CLOUD_URL", "CONVEX_SITE_URL", "CONVEX_LOCAL_URL", "CONVEX_LOCAL_PORT", "CONVEX_LOCAL_DATA_DIR"];

type State = { port: number };

export function deploymentDir(dataDir: string, name: DeploymentName) {
  return path.join(path.resolve(dataDir), "deployments", name);
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}

/** A port P with P + 1 free too (convex-local serves HTTP actions on the next port). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once("error", reject);
      s.listen(0, HOST, () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    if (port < 65535 && (await portFree(port + 1))) return port;
  }
  throw new Error("No two consecutive free ports for a convex-local deployment.");
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/version`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

export function localProvisioner(opts: LocalProvisionerOptions): Provisioner & { running(): DeploymentName[] } {
  const children = new Map<DeploymentName, ChildProcess>();
  const log = opts.log ?? (() => {});
  const stateFile = (name: DeploymentName) => path.join(deploymentDir(opts.dataDir, name), "deployment.json");
  const readState = (name: DeploymentName): State | null =>
    fs.existsSync(stateFile(name)) ? (JSON.parse(fs.readFileSync(stateFile(name), "utf8")) as State) : null;
  const urlOf = (s: State) => `http://${HOST}:${s.port}`;

  async function start(name: DeploymentName, state: State) {
    const dir = deploymentDir(opts.dataDir, name);
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
    for (const k of NOT_INHERITED) delete env[k];
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(opts.root, "scripts", "convex-local.ts"),
        ...["--port", String(state.port), "--host", HOST, "--data-dir", path.join(dir, "convex")],
        ...["--functions", path.join(opts.root, "convex"), "--no-watch"],
      ],
      { cwd: opts.root, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.set(name, child);
    let output = "";
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Deployment ${name} did not start in ${opts.startTimeoutMs ?? 60_000} ms:\n${output.slice(-2_000)}`)),
        opts.startTimeoutMs ?? 60_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        for (const line of chunk.toString().split("\n")) if (line.trim()) log(`[${name}] ${line}`);
        if (output.includes("[convex-local] ready:")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        children.delete(name);
        reject(new Error(`Deployment ${name} exited (${code}) before it was ready:\n${output.slice(-2_000)}`));
      });
    });
    await ready;
  }

  return {
    provider: "local",
    async create(req: ProvisionRequest) {
      const existing = readState(req.name);
      if (existing) return { url: urlOf(existing) };
      const state: State = { port: await freePortPair() };
      fs.mkdirSync(deploymentDir(opts.dataDir, req.name), { recursive: true });
      fs.writeFileSync(stateFile(req.name), JSON.stringify(state));
      return { url: urlOf(state) };
    },
    async deploy(req: ProvisionRequest) {
      const state = readState(req.name);
      if (!state) throw new Error(`Deployment ${req.name} was never created.`);
      // Already serving (started by this app, or by an earlier run of it): convex-local pushed convex/ when it started.
      if (children.has(req.name) || (await answers(urlOf(state)))) return;
      await start(req.name, state);
    },
    async stop(name: DeploymentName) {
      const child = children.get(name);
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
    running: () => [...children.keys()],
  };
}
