/**
 * Which runtime each module gets, decided as the Convex CLI decides it
 * (node_modules/convex/src/bundler/index.ts: `determineEnvironment`,
 * `mustBeIsolate`, and the bundling of non-"use node" modules for the browser
 * platform), so that convex-local refuses what a push refuses:
 * - a `"use node"` directive in http, crons, schema or auth.config;
 * - a module under `actions/` without `"use node"`;
 * - a Node built-in imported (directly or through the project's own files)
 *   by a module that runs in Convex's default runtime.
 */
import fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import type * as esbuild from "esbuild";
import { PushRefused } from "./push-rules";

const MUST_BE_ISOLATE = new Set(["http", "crons", "schema", "auth.config"]);
const BUILTINS = new Set(builtinModules);

/** True when the file's directive prologue holds "use node" (comments and other directives may precede it). */
export function hasUseNodeDirective(source: string): boolean {
  if (!source.includes("use node")) return false;
  let rest = source.replace(/^\uFEFF/, "");
  for (;;) {
    rest = rest.replace(/^\s+/, "");
    if (rest.startsWith("//")) {
      const end = rest.indexOf("\n");
      rest = end === -1 ? "" : rest.slice(end + 1);
      continue;
    }
    if (rest.startsWith("/*")) {
      const end = rest.indexOf("*/");
      rest = end === -1 ? "" : rest.slice(end + 2);
      continue;
    }
    const directive = /^(["'])([^"'\n]*)\1\s*;?/.exec(rest);
    if (!directive) return false;
    if (directive[2] === "use node") return true;
    rest = rest.slice(directive[0].length);
  }
}

/** Splits module files (absolute paths) into Convex-runtime and Node modules, refusing what the CLI refuses. */
export function splitByEnvironment(functionsDir: string, files: string[]): { isolate: string[]; node: string[] } {
  const isolate: string[] = [];
  const node: string[] = [];
  for (const file of files) {
    const rel = path.relative(functionsDir, file);
    if (hasUseNodeDirective(fs.readFileSync(file, "utf8"))) {
      if (MUST_BE_ISOLATE.has(rel.replace(/\.[^/.]+$/, ""))) {
        throw new PushRefused("InvalidConfig", `"use node" directive is not allowed for ${rel}.`);
      }
      node.push(file);
    } else if (rel.startsWith(`actions${path.sep}`)) {
      throw new PushRefused(
        "InvalidConfig",
        `${rel} is in /actions subfolder but has no "use node"; directive. You can now define actions in any folder and indicate they should run in node by adding "use node" directive. /actions is a deprecated way to choose Node.js environment, and we require "use node" for all files within that folder to avoid unexpected errors during the migration. See https://docs.convex.dev/functions/actions for more details`,
      );
    } else {
      isolate.push(file);
    }
  }
  return { isolate, node };
}

/** Whether a bare specifier names an installed npm package (which Convex's runtime bundles) rather than a Node built-in. */
function isInstalledPackage(name: string, importer: string): boolean {
  try {
    createRequire(importer).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

export const USE_NODE_HINT =
  `It looks like you are using Node APIs from a file without the "use node" directive.\n` +
  `Split out actions using Node.js APIs like this into a new file only containing actions that uses "use node" ` +
  `so these actions will run in a Node.js environment.\n` +
  `For more information see https://docs.convex.dev/functions/runtimes#nodejs-runtime`;

/**
 * The CLI bundles these modules for the browser platform, where a Node
 * built-in does not resolve; this plugin gives the same failure (esbuild's
 * words, then the CLI's hint) in convex-local's single Node build.
 */
export function isolatePlugin(functionsDir: string): esbuild.Plugin {
  return {
    name: "convex-local-isolate",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const prefixed = args.path.startsWith("node:");
        const name = prefixed ? args.path.slice(5) : args.path.split("/")[0];
        if (!prefixed && !BUILTINS.has(name)) return undefined;
        if (!prefixed && isInstalledPackage(name, args.importer || path.join(functionsDir, "x.js"))) return undefined;
        return {
          errors: [
            {
              text: `Could not resolve "${args.path}"`,
              notes: [
                {
                  text: `The package "${args.path}" wasn't found on the file system but is built into node. Are you trying to bundle for node?`,
                },
                { text: USE_NODE_HINT },
              ],
            },
          ],
        };
      });
    },
  };
}
