/**
 * The push rules (push-rules.ts, environments.ts) applied to a functions
 * folder without starting convex-local: used by codegen and by
 * `scripts/convex-check.ts` (the `convex-check` step of `npm test`).
 */
import * as esbuild from "esbuild";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { findModules } from "./codegen";
import { isolatePlugin, splitByEnvironment } from "./environments";
import { listModules } from "./modules";
import { checkModulePaths, checkSchema, PushRefused, type SchemaJson } from "./push-rules";

/** Evaluates `schema.ts` (bundled with its imports, convex included) and returns its JSON, or null without a schema. */
export async function loadSchemaJson(functionsDir: string): Promise<SchemaJson | null> {
  const entry = ["schema.ts", "schema.js"].map((f) => path.join(functionsDir, f)).find((f) => fs.existsSync(f));
  if (!entry) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "convex-schema-"));
  try {
    const outfile = path.join(dir, "schema.mjs");
    // A folder outside a project (codegen's scratch copies) still finds the `convex` package convex-local runs with.
    const convexModules = path.dirname(path.dirname(createRequire(import.meta.url).resolve("convex/package.json")));
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "silent",
      nodePaths: [convexModules],
    });
    const mod = (await import(pathToFileURL(outfile).href)) as { default?: { export?: () => string } };
    if (typeof mod.default?.export !== "function") return null;
    return JSON.parse(mod.default.export()) as SchemaJson;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Module paths and the schema: what codegen refuses. */
export async function checkNamesAndSchema(functionsDir: string): Promise<void> {
  checkModulePaths(findModules(functionsDir));
  const schema = await loadSchemaJson(functionsDir);
  if (schema) checkSchema(schema);
}

/** Everything convex-local refuses at start-up, without starting it: names, schema, runtimes and Node built-ins. */
export async function checkFunctionsDir(functionsDir: string): Promise<void> {
  await checkNamesAndSchema(functionsDir);
  const { isolate } = splitByEnvironment(functionsDir, listModules(functionsDir));
  try {
    await esbuild.build({
      entryPoints: isolate,
      outbase: functionsDir,
      outdir: path.join(os.tmpdir(), "convex-check-unused"),
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      packages: "external",
      write: false,
      logLevel: "silent",
      plugins: [isolatePlugin(functionsDir)],
    });
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors ?? [];
    if (errors.length === 0) throw e;
    const text = errors
      .map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}${m.notes.map((n) => `\n  ${n.text}`).join("")}`)
      .join("\n");
    throw new PushRefused("InvalidModules", text);
  }
}
