/**
 * `npm run convex:check` (and the `convex-check` step of `npm test`): refuses,
 * with the deployment's own messages, what `npx convex deploy` would refuse
 * for the functions folder, without a deployment:
 * 1. convex-local's push rules (lib/local/convex/push-check.ts): module paths,
 *    schema identifiers and indexes, "use node" placement, Node built-ins
 *    outside "use node" modules;
 * 2. the Convex CLI's own bundler over the folder: the CLI from
 *    node_modules/convex runs `dev --once --debug-bundle-path` against a stub
 *    that answers its two start-up requests, so it bundles exactly what a push
 *    would upload and stops before uploading; the module paths it produced
 *    are then checked against the backend's rule.
 *
 * Usage: tsx scripts/convex-check.ts [--functions <dir>] [--skip-cli]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkFunctionsDir } from "../lib/local/convex/push-check";
import { checkModulePaths } from "../lib/local/convex/push-rules";

function defaultFunctionsDir(): string {
  const configPath = path.resolve("convex.json");
  if (!fs.existsSync(configPath)) return path.resolve("convex");
  const config = JSON.parse(fs.readFileSync(configPath, "utf8")) as { functions?: unknown };
  return path.resolve(typeof config.functions === "string" ? config.functions : "convex");
}

/** A stand-in deployment: the CLI asks for its canonical URLs and opens a log stream before bundling. */
function startStub(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
        close: () => (server.closeAllConnections(), server.close()),
      }),
    ),
  );
}

type BundledConfig = { modules: { path: string; environment: string }[] };

/** Runs the Convex CLI's bundler over `functionsDir` in a scratch project that links to this one. */
async function bundleWithConvexCli(functionsDir: string): Promise<BundledConfig> {
  const root = process.cwd();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "convex-check-"));
  const project = path.join(scratch, "project");
  const out = path.join(scratch, "bundle");
  fs.mkdirSync(project);
  // The functions folder itself is copied (at its own name when it sits at the root, so relative imports out of
  // it still resolve): with a convex.config.ts the CLI matches its bundles to the folder's path, and esbuild
  // reports a symlinked folder by its real path.
  const rel = path.relative(root, functionsDir);
  const copyName = rel.includes(path.sep) ? "__functions" : rel;
  // Everything else but dotfiles (the CLI may write .env.local; the real one stays untouched).
  for (const entry of fs.readdirSync(root)) {
    if (entry.startsWith(".") || entry === "convex.json" || entry === copyName) continue;
    fs.symlinkSync(path.join(root, entry), path.join(project, entry));
  }
  fs.cpSync(functionsDir, path.join(project, copyName), { recursive: true, filter: (src) => path.basename(src) !== "node_modules" });
  const original = fs.existsSync(path.join(root, "convex.json")) ? JSON.parse(fs.readFileSync(path.join(root, "convex.json"), "utf8")) : {};
  fs.writeFileSync(path.join(project, "convex.json"), JSON.stringify({ ...original, functions: `${copyName}/` }));
  const stub = await startStub();
  try {
    const cli = path.join(root, "node_modules", "convex", "dist", "cli.bundle.cjs");
    const env: NodeJS.ProcessEnv = { ...process.env, CONVEX_TELEMETRY_DISABLED: "1" };
    for (const name of ["CONVEX_DEPLOYMENT", "CONVEX_DEPLOY_KEY", "CONVEX_SELF_HOSTED_URL", "CONVEX_SELF_HOSTED_ADMIN_KEY"])
      delete env[name];
    const args = [
      cli,
      "dev",
      "--once",
      "--typecheck",
      "disable",
      "--codegen",
      "disable",
      "--tail-logs",
      "disable",
      "--url",
      stub.url,
      "--admin-key",
      "convex-check|0",
      "--debug-bundle-path",
      out,
    ];
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("close", (c) => resolve({ code: c, output }));
    });
    const configFile = path.join(out, "fullConfig.json");
    if (!fs.existsSync(configFile)) {
      throw new Error(`The Convex CLI could not bundle ${path.relative(root, functionsDir)} (exit ${code}):\n${output.trim()}`);
    }
    return JSON.parse(fs.readFileSync(configFile, "utf8")) as BundledConfig;
  } finally {
    stub.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { functions: { type: "string" }, "skip-cli": { type: "boolean", default: false } } });
  const functionsDir = values.functions ? path.resolve(values.functions) : defaultFunctionsDir();
  const label = path.relative(process.cwd(), functionsDir) || ".";
  try {
    await checkFunctionsDir(functionsDir);
    if (!values["skip-cli"]) {
      const config = await bundleWithConvexCli(functionsDir);
      checkModulePaths(config.modules.map((m) => m.path));
      const node = config.modules.filter((m) => m.environment === "node").length;
      console.log(
        `convex-check: ${label} bundles as a push would (${config.modules.length - node} Convex-runtime modules, ${node} Node modules)`,
      );
    } else {
      console.log(`convex-check: ${label} passes the push rules`);
    }
    return 0;
  } catch (e) {
    console.error(`convex-check: ${label} would be refused by a Convex deployment:\n${(e as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
