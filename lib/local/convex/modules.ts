/**
 * Loads the project's convex/ folder the way Convex's CLI does: every module
 * bundled by esbuild (npm packages left external, resolved from the project's
 * node_modules), then imported. In watch mode a change rebuilds and swaps the
 * modules in; calls already running finish on the old code.
 *
 * What a push would refuse is refused here too (lib/local/convex/environments.ts,
 * push-rules.ts): a module path the backend cannot name, a Node built-in in a
 * module without "use node", and a schema the backend rejects.
 */
import * as esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findModules } from "./codegen";
import { splitByEnvironment, isolatePlugin } from "./environments";
import { checkModulePaths, checkSchema, PushRefused, type SchemaJson } from "./push-rules";

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
        // A folder with its own convex.config is a component (components.ts), not modules of this one.
        if (["convex.config.ts", "convex.config.js"].some((f) => fs.existsSync(path.join(full, f)))) continue;
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
  private watchers: esbuild.BuildContext[] = [];

  /**
   * `component`: the modules of an installed component (lib/local/convex/components.ts), bundled as the CLI
   * bundles a component: its npm dependencies included (a package may ship its own copy of one), only
   * `convex` left shared, and no "use node" module.
   */
  constructor(
    readonly functionsDir: string,
    private onReload: (error: Error | null) => void = () => {},
    private opts: { outRoot?: string; component?: boolean } = {},
  ) {}

  outRoot() {
    return this.opts.outRoot ?? path.join(path.dirname(path.resolve(this.functionsDir)), "node_modules", ".cache", "convex-local");
  }

  /**
   * Two builds, as the CLI makes: modules without "use node" for Convex's own
   * runtime (a Node built-in fails to resolve there), "use node" modules for
   * Node. Both run in this process; only what they may import differs.
   */
  private buildOptions(outdir: string): esbuild.BuildOptions[] {
    checkModulePaths(findModules(this.functionsDir));
    const { isolate, node } = splitByEnvironment(this.functionsDir, listModules(this.functionsDir));
    if (this.opts.component && node.length > 0) {
      throw new PushRefused(
        "InvalidConfig",
        `"use node" directive is not supported in components. Remove it from the component at: ${this.functionsDir}.`,
      );
    }
    const base = (entryPoints: string[], chunks: string): esbuild.BuildOptions => ({
      entryPoints,
      outbase: this.functionsDir,
      outdir,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      ...(this.opts.component ? { external: ["convex", "convex/*"] } : { packages: "external" as const }),
      sourcemap: "inline",
      logLevel: "silent",
      write: true,
      entryNames: "[dir]/[name]",
      chunkNames: `${chunks}/[name]-[hash]`,
    });
    // Queries and mutations in these modules get Convex's restricted globals (no fetch or timers, fixed clock, seeded random).
    const inject = [fileURLToPath(new URL("./isolate-globals.ts", import.meta.url))];
    const builds: esbuild.BuildOptions[] = [{ ...base(isolate, "_chunks"), inject, plugins: [isolatePlugin(this.functionsDir)] }];
    if (node.length > 0) builds.push({ ...base(node, "_chunks_node"), plugins: [] });
    return builds;
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
    try {
      for (const options of this.buildOptions(outdir)) await esbuild.build(options);
    } catch (e) {
      throw buildError(e);
    }
    await this.importFrom(outdir);
    if (previous) fs.rmSync(previous, { recursive: true, force: true });
  }

  async watch(): Promise<void> {
    this.sweep();
    const outdir = (this.outdir = path.join(this.outRoot(), `${process.pid}-watch`));
    const builds = this.buildOptions(outdir);
    // One rebuild may touch both builds; the modules are re-imported once both settled.
    const pending = new Map<number, esbuild.BuildResult>();
    let settled = 0;
    const reload = async (index: number, result: esbuild.BuildResult) => {
      pending.set(index, result);
      if (++settled < builds.length && pending.size < builds.length) return;
      const errors = [...pending.values()].flatMap((r) => r.errors);
      if (errors.length > 0) return this.onReload(buildError({ errors }));
      try {
        await this.importFrom(outdir);
        this.onReload(null);
      } catch (e) {
        this.onReload(e as Error);
      }
    };
    this.watchers = await Promise.all(
      builds.map((options, index) =>
        esbuild.context({
          ...options,
          plugins: [
            ...(options.plugins ?? []),
            { name: "convex-local-reload", setup: (build) => void build.onEnd((r) => reload(index, r)) },
          ],
        }),
      ),
    );
    try {
      for (const watcher of this.watchers) await watcher.rebuild();
    } catch (e) {
      throw buildError(e);
    }
    for (const watcher of this.watchers) await watcher.watch();
  }

  private async importFrom(outdir: string) {
    this.version += 1;
    const next = new Map<string, AnyModule>();
    for (const src of listModules(this.functionsDir)) {
      const rel = path
        .relative(this.functionsDir, src)
        .replace(/\.[^.]+$/, "")
        .split(path.sep)
        .join("/");
      const file = path.join(outdir, `${rel}.js`);
      next.set(rel, (await import(`${pathToFileURL(file).href}?v=${this.version}`)) as AnyModule);
    }
    // The schema is checked before the new modules replace the old: a refused schema never runs.
    const schema = next.get("schema")?.default as { export(): string } | undefined;
    if (schema && typeof schema.export === "function") checkSchema(JSON.parse(schema.export()) as SchemaJson);
    this.modules = next;
  }

  async dispose() {
    await Promise.all(this.watchers.map((w) => w.dispose()));
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
      throw new UserError(
        `Could not find public function for '${label}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      );
    }
    const actual = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
    if (actual !== kind) {
      throw new UserError(
        `Trying to execute ${label} as ${kind[0].toUpperCase()}${kind.slice(1)}, but it is defined as ${actual ?? "something else"}.`,
      );
    }
    return fn;
  }
}

/** esbuild's failure as one readable error (each message with its file and line): the CLI refuses the push alike. */
function buildError(e: unknown): Error {
  const errors = (e as { errors?: esbuild.Message[] }).errors;
  if (!errors || errors.length === 0) return e as Error;
  const text = errors
    .map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}${m.notes.map((n) => `\n  ${n.text}`).join("")}`)
    .join("\n");
  return new PushRefused("BundleError", text);
}

/** An error caused by the request (bad path, bad args), not by the function. */
export class UserError extends Error {}
