/**
 * Convex components in convex-local: `convex/convex.config.ts` read as a
 * deployment reads it (defineApp() and app.use(component, { name })), each
 * installed component loaded from its npm package (its own convex.config and
 * compiled function modules, bundled as the CLI bundles a component: npm
 * dependencies included, only `convex` shared), nested components included.
 *
 * A component instance is named by its path from the app ("rateLimiter",
 * "rateLimiter/batchWorker"; "" is the app). Its tables live in the one store
 * under "<path>/<table>" (a "/" can never be in a table name, so no app table
 * can collide or be reached by name), and each function call knows the
 * component it runs in (Exec.component), so every syscall maps the names the
 * component's code uses to its own tables.
 */
import * as esbuild from "esbuild";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Modules } from "./modules";
import { PushRefused } from "./push-rules";

/** One installed component instance (or the app itself, path ""). */
export type ComponentNode = {
  /** Path from the app: instance names joined by "/" ("" for the app). */
  path: string;
  name: string;
  /** The component's directory (its convex.config.js and function modules). */
  dir: string;
  /** As the CLI names it: the directory relative to the app's functions directory, posix separators. */
  definitionPath: string;
  /** What the parent's convex.config imported it as, without "/convex.config..." (the CLI's importSpecifier). */
  importSpecifier: string | null;
  modules: Modules;
  children: Map<string, ComponentNode>;
  /** Env values the parent passed in `use(..., { env })`. */
  env: Record<string, string>;
};

type Definition = {
  _name?: string;
  _childComponents: [string, Definition, Record<string, unknown>, string | undefined][];
  componentDefinitionPath?: string;
  defaultName?: string;
  [CONFIG_FILE]?: string;
  [SPECIFIER]?: string;
};

const CONFIG_FILE = Symbol.for("convex-local.componentConfigFile");
const SPECIFIER = Symbol.for("convex-local.componentSpecifier");
const NAMESPACE = "convex-local-component";

export function configFile(functionsDir: string): string | null {
  for (const name of ["convex.config.ts", "convex.config.js"]) {
    const file = path.join(functionsDir, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

/**
 * Every import of a component's convex.config inside a convex.config is
 * resolved as the CLI's componentPlugin resolves it (".js" may stand for
 * ".ts", an extensionless path for either) and loaded through a wrapper that
 * tags the definition with the file it came from, as the backend gives each
 * evaluated definition its `componentDefinitionPath` and `defaultName`.
 */
function componentConfigPlugin(functionsDir: string): esbuild.Plugin {
  return {
    name: "convex-local-components",
    setup(build) {
      build.onResolve({ filter: /convex\.config/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData?.raw) return undefined;
        if (args.namespace === NAMESPACE) return { path: args.path };
        const candidates = [args.path];
        const ext = path.extname(args.path);
        if (ext === ".js") candidates.push(args.path.slice(0, -3) + ".ts");
        if (ext !== ".js" && ext !== ".ts") candidates.push(args.path + ".js", args.path + ".ts");
        for (const candidate of candidates) {
          let resolved: string | null = null;
          if (/^[./]/.test(candidate)) {
            const r = await build.resolve(candidate, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { raw: true } });
            resolved = r.errors.length === 0 && r.path ? r.path : null;
          } else {
            // A package's config (packages stay external otherwise): resolved through its `exports`, from the importer.
            try {
              resolved = createRequire(path.join(args.resolveDir, "noop.js")).resolve(candidate);
            } catch {
              resolved = null;
            }
          }
          if (resolved) return { path: resolved, namespace: NAMESPACE, pluginData: { specifier: args.path } };
        }
        return undefined;
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents:
          `import def from ${JSON.stringify(args.path)};\n` +
          `def[Symbol.for("convex-local.componentConfigFile")] = ${JSON.stringify(args.path)};\n` +
          `def[Symbol.for("convex-local.componentSpecifier")] ??= ${JSON.stringify(args.pluginData?.specifier ?? null)};\n` +
          // What the backend gives an evaluated definition: its path from the app, and the name it defined.
          `def.componentDefinitionPath = ${JSON.stringify(definitionPathOf(functionsDir, path.dirname(args.path)))};\n` +
          `def.defaultName ??= def._name;\n` +
          `export default def;\n`,
        resolveDir: path.dirname(args.path),
        loader: "js",
      }));
    },
  };
}

/** Bundles and evaluates the app's convex.config; null when the app has none (no components). */
async function loadAppDefinition(functionsDir: string, outRoot: string): Promise<Definition | null> {
  const file = configFile(functionsDir);
  if (!file) return null;
  const outfile = path.join(outRoot, "convex.config.mjs");
  try {
    await esbuild.build({
      entryPoints: [file],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      logLevel: "silent",
      plugins: [componentConfigPlugin(functionsDir)],
    });
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors ?? [];
    throw new PushRefused("InvalidConfig", `esbuild failed: ${errors.map((m) => m.text).join("\n") || (e as Error).message}`);
  }
  const def = (await import(`${pathToFileURL(outfile).href}?v=${Date.now()}`)).default as Definition | undefined;
  if (!def || !Array.isArray(def._childComponents)) {
    throw new PushRefused("InvalidConfig", `${path.basename(file)} must \`export default\` the result of defineApp().`);
  }
  return def;
}

/** The CLI's toComponentDefinitionPath: a component directory relative to the app's, posix separators. */
function definitionPathOf(functionsDir: string, dir: string): string {
  return path.relative(functionsDir, dir).split(path.sep).join("/");
}

/** Component names are identifiers, as the backend's ComponentName requires. */
const COMPONENT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The installed component tree under the app (the app's own node is built by
 * the caller from its Modules). Each component's modules are bundled and
 * imported here.
 */
export async function loadComponents(functionsDir: string, outRoot: string): Promise<Map<string, ComponentNode>> {
  const all = new Map<string, ComponentNode>();
  const app = await loadAppDefinition(functionsDir, outRoot);
  if (!app) return all;
  const visit = async (def: Definition, parentPath: string, into: Map<string, ComponentNode>) => {
    for (const [name, child, env] of def._childComponents) {
      const file = child[CONFIG_FILE];
      if (!file) throw new PushRefused("InvalidConfig", `The component "${name}" was not imported from a convex.config file.`);
      if (!COMPONENT_NAME.test(name)) {
        throw new PushRefused(
          "InvalidConfig",
          `Invalid component name "${name}": names must be identifiers (letters, digits, underscores).`,
        );
      }
      if (into.has(name)) throw new PushRefused("InvalidConfig", `Component name "${name}" is used more than once in the same parent.`);
      const compPath = parentPath ? `${parentPath}/${name}` : name;
      const dir = path.dirname(file);
      const modules = await componentModules(dir, outRoot);
      const node: ComponentNode = {
        path: compPath,
        name,
        dir,
        definitionPath: definitionPathOf(functionsDir, dir),
        importSpecifier: (child[SPECIFIER] ?? "").replace(/\/convex\.config.*$/, "") || null,
        modules,
        children: new Map(),
        env: Object.fromEntries(Object.entries(env ?? {}).filter((e): e is [string, string] => typeof e[1] === "string")),
      };
      into.set(name, node);
      all.set(compPath, node);
      await visit(child, compPath, node.children);
    }
  };
  await visit(app, "", new Map());
  return all;
}

/**
 * A component's bundled modules, built once per process: installed packages do not change while it runs, and
 * their code holds no state of its own (every call reaches its server through the syscalls of the running
 * call), so several servers in one process (tests) share one build instead of bundling each component again.
 */
const built = new Map<string, Promise<Modules>>();
function componentModules(dir: string, outRoot: string): Promise<Modules> {
  let modules = built.get(dir);
  if (!modules) {
    const out = path.join(path.dirname(outRoot), `${process.pid}-components-shared`, String(built.size));
    modules = (async () => {
      const m = new Modules(dir, undefined, { outRoot: out, component: true });
      await m.load();
      return m;
    })();
    built.set(dir, modules);
    modules.catch(() => built.delete(dir));
  }
  return modules;
}

/** The child components the app itself installs, in `use` order (for codegen), without loading them. */
export async function appChildComponents(
  functionsDir: string,
  outRoot: string,
): Promise<{ name: string; definitionPath: string; importSpecifier: string | null }[]> {
  const app = await loadAppDefinition(functionsDir, outRoot);
  if (!app) return [];
  return app._childComponents.map(([name, child]) => {
    const dir = path.dirname(child[CONFIG_FILE] ?? functionsDir);
    return {
      name,
      definitionPath: definitionPathOf(functionsDir, dir),
      importSpecifier: (child[SPECIFIER] ?? "").replace(/\/convex\.config.*$/, "") || null,
    };
  });
}

/** The name a table of component `component` has in the store. */
export function qualify(component: string, table: string): string {
  // System tables (_scheduled_functions, _storage) are one per deployment here (see docs/convex-local.md).
  return component === "" || table.startsWith("_") ? table : `${component}/${table}`;
}

/** The name component `component` knows a stored table by, or null when the table is not the component's. */
export function localName(component: string, stored: string | null): string | null {
  if (stored === null) return null;
  if (stored.startsWith("_")) return stored;
  const slash = stored.lastIndexOf("/");
  const owner = slash === -1 ? "" : stored.slice(0, slash);
  return owner === component ? stored.slice(slash + 1) : null;
}

/** The component a stored table belongs to. */
export function ownerOf(stored: string): string {
  const slash = stored.lastIndexOf("/");
  return slash === -1 || stored.startsWith("_") ? "" : stored.slice(0, slash);
}

/** A function's address: the component it belongs to and its path in it ("lib:rateLimit"). */
export type FunctionAddress = { component: string; udfPath: string };

/**
 * Resolves what convex/server sends for a function (getFunctionAddress): a
 * `name` in the caller's own component, a `reference`
 * ("_reference/childComponent/<child>/<module...>/<export>") into a child
 * component, or a function handle.
 */
export function resolveAddress(
  caller: string,
  args: { name?: string; reference?: string; functionHandle?: string },
): FunctionAddress & { crossesBoundary: boolean } {
  if (args.functionHandle) return { ...decodeHandle(args.functionHandle), crossesBoundary: false };
  if (args.reference) {
    const prefix = "_reference/childComponent/";
    if (!args.reference.startsWith(prefix)) throw new Error(`Unsupported function reference ${args.reference}.`);
    const parts = args.reference.slice(prefix.length).split("/");
    if (parts.length < 3) {
      throw new Error(`API path is expected to be of the form \`components.childComponent.functionName\`. Found: \`${args.reference}\``);
    }
    const [child, ...rest] = parts;
    const fn = rest.pop()!;
    return { component: caller ? `${caller}/${child}` : child, udfPath: `${rest.join("/")}:${fn}`, crossesBoundary: true };
  }
  if (args.name) return { component: caller, udfPath: args.name, crossesBoundary: false };
  throw new Error("Missing required argument 'name'");
}

/**
 * Function handles ("function://..."): the backend hands out ids of its
 * _function_handles table; here the handle carries the address itself, which
 * is as opaque to the code that passes it around.
 */
export function encodeHandle(address: FunctionAddress): string {
  return `function://${Buffer.from(JSON.stringify([address.component, address.udfPath])).toString("base64url")}`;
}

export function decodeHandle(handle: string): FunctionAddress {
  try {
    const [component, udfPath] = JSON.parse(Buffer.from(handle.slice("function://".length), "base64url").toString()) as [string, string];
    if (typeof component === "string" && typeof udfPath === "string") return { component, udfPath };
  } catch {
    // fall through
  }
  throw new Error(`Invalid function handle: ${handle}`);
}
