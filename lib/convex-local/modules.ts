/**
 * Loads the project's convex/ folder the way Convex's CLI does: every module
 * bundled by esbuild (npm packages left external, resolved from the project's
 * node_modules), then imported. In watch mode a change rebuilds and swaps the
 * modules in; calls already running finish on the old code.
 */
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

type AnyModule = Record<string, unknown>;
export type ConvexFunction = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isHttp?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  exportArgs(): string;
  exportReturns(): string;
  invokeQuery(args: string): Promise<string>;
  invokeMutation(args: string): Promise<string>;
  invokeAction(requestId: string, args: string): Promise<string>;
};
export type FunctionKind = "query" | "mutation" | "action";

/** Module files Convex treats as function modules (see the CLI's entryPoints). */
export function listModules(functionsDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(functionsDir, full);
      if (entry.isDirectory()) {
        if (entry.name === "_generated" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
        walk(full);
      } else if (/^[^.]+\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(entry.name) || rel === "auth.config.ts" || rel === "auth.config.js") {
        if (!entry.name.endsWith(".d.ts")) out.push(full);
      }
    }
  };
  walk(functionsDir);
  return out.sort();
}

export class Modules {
  private modules = new Map<string, AnyModule>();
  private version = 0;
  private watcher: esbuild.BuildContext | null = null;

  constructor(
    readonly functionsDir: string,
    private onReload: (error: Error | null) => void = () => {},
  ) {}

  private outRoot() {
    return path.join(path.dirname(path.resolve(this.functionsDir)), "node_modules", ".cache", "convex-local");
  }

  private options(outdir: string): esbuild.BuildOptions {
    return {
      entryPoints: listModules(this.functionsDir),
      outbase: this.functionsDir,
      outdir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      sourcemap: "inline",
      logLevel: "silent",
      write: true,
      entryNames: "[dir]/[name]",
      chunkNames: "_chunks/[name]-[hash]",
    };
  }

  private outdir: string | null = null;

  /** Removes bundles left by processes that are gone (each start writes a fresh one). */
  private sweep() {
    const root = this.outRoot();
    if (!fs.existsSync(root)) return;
    for (const name of fs.readdirSync(root)) {
      const pid = Number(name.split("-")[0]);
      let alive = pid === process.pid;
      try {
        if (!alive && pid > 0) alive = (process.kill(pid, 0), true);
      } catch {
        alive = false;
      }
      if (!alive) fs.rmSync(path.join(root, name), { recursive: true, force: true });
    }
  }

  async load(): Promise<void> {
    this.sweep();
    const previous = this.outdir;
    const outdir = (this.outdir = path.join(this.outRoot(), `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`));
    await esbuild.build(this.options(outdir));
    await this.importFrom(outdir);
    if (previous) fs.rmSync(previous, { recursive: true, force: true });
  }

  async watch(): Promise<void> {
    this.sweep();
    const outdir = (this.outdir = path.join(this.outRoot(), `${process.pid}-watch`));
    const reload = async (result: esbuild.BuildResult) => {
      if (result.errors.length > 0) return this.onReload(new Error(result.errors.map((e) => e.text).join("\n")));
      try {
        await this.importFrom(outdir);
        this.onReload(null);
      } catch (e) {
        this.onReload(e as Error);
      }
    };
    this.watcher = await esbuild.context({
      ...this.options(outdir),
      plugins: [
        {
          name: "convex-local-reload",
          setup(build) {
            build.onEnd(reload);
          },
        },
      ],
    });
    await this.watcher.rebuild();
    await this.watcher.watch();
  }

  private async importFrom(outdir: string) {
    this.version += 1;
    const next = new Map<string, AnyModule>();
    for (const src of listModules(this.functionsDir)) {
      const rel = path.relative(this.functionsDir, src).replace(/\.[^.]+$/, "").split(path.sep).join("/");
      const file = path.join(outdir, `${rel}.js`);
      next.set(rel, (await import(`${pathToFileURL(file).href}?v=${this.version}`)) as AnyModule);
    }
    this.modules = next;
  }

  async dispose() {
    await this.watcher?.dispose();
    if (this.outdir) fs.rmSync(this.outdir, { recursive: true, force: true });
  }

  module(name: string): AnyModule | undefined {
    return this.modules.get(name);
  }

  moduleNames(): string[] {
    return [...this.modules.keys()];
  }

  /** Finds `module:export` (or `module` for the default export), or explains why not. */
  resolve(udfPath: string, kind: FunctionKind): ConvexFunction {
    const [rawModule, exportName = "default"] = udfPath.split(":");
    const moduleName = rawModule.replace(/\.js$/, "");
    const mod = this.modules.get(moduleName);
    const fn = mod?.[exportName] as ConvexFunction | undefined;
    const label = `${moduleName}:${exportName}`;
    if (!fn || typeof fn.exportArgs !== "function") {
      throw new UserError(`Could not find public function for '${label}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`);
    }
    const actual = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
    if (actual !== kind) {
      throw new UserError(`Trying to execute ${label} as ${kind[0].toUpperCase()}${kind.slice(1)}, but it is defined as ${actual ?? "something else"}.`);
    }
    return fn;
  }
}

/** An error caused by the request (bad path, bad args), not by the function. */
export class UserError extends Error {}
