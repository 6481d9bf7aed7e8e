/**
 * Offline `convex/_generated/` codegen.
 *
 * Why this exists: in convex@1.48 `npx convex codegen` / `npx convex dev` only
 * write the final `_generated/` files after a `start_push` round trip to a
 * deployment, so CI, sandboxes and fresh checkouts without network or
 * credentials cannot regenerate them. This module writes byte-identical output
 * to what that CLI writes for a root app (js/dts file type, non-static api and
 * data model, no env vars declared in convex.config.ts), its `components` typed
 * by each installed package's own ComponentApi.
 *
 * Text that the CLI keeps in self-contained modules (server templates, header,
 * doc comments, module naming) is loaded from the installed `convex` package so
 * it cannot drift; the api/dataModel templates live in CLI modules that import
 * bundled-only deps (ora, @babel/parser), so those few lines are mirrored here
 * from node_modules/convex/src/cli/codegen_templates/{component_api,dataModel}.ts.
 * The golden-file test pins all of it to real CLI output.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { checkModulePaths, checkSchema, PushRefused } from "./push-rules";
import { appChildComponents } from "./components";

type Templates = {
  header(description: string): string;
  apiComment(name: string, type: "public" | "internal" | undefined): string;
  compareModulePaths(a: string, b: string): number;
  importPath(modulePath: string): string;
  moduleIdentifier(modulePath: string): string;
  serverCodegen(opts: { useTypeScript: false; envVars: [] }): { JS: string; DTS: string };
  format(source: string, opts: { parser: string; pluginSearchDirs: false }): Promise<string>;
};

async function loadTemplates(): Promise<Templates> {
  const convexPkg = createRequire(import.meta.url).resolve("convex/package.json");
  const dir = path.join(path.dirname(convexPkg), "dist/esm/cli/codegen_templates");
  const load = (file: string) =>
    import(pathToFileURL(path.join(dir, file)).href).catch((err: unknown) => {
      throw new Error(`Convex CLI template ${file} not loadable from ${dir}; did the convex upgrade move it?`, { cause: err });
    });
  const [common, api, server] = await Promise.all([load("common.js"), load("api.js"), load("server.js")]);
  // Resolved relative to the convex package: the same prettier the CLI formats with.
  const prettier = createRequire(convexPkg)("prettier") as Pick<Templates, "format">;
  return { ...common, ...api, ...server, format: prettier.format } as Templates;
}

const ENTRY_POINT_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

/** Mirrors `entryPoints` in node_modules/convex/src/bundler/index.ts; returns paths relative to `dir`. */
export function findModules(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      // Directories holding convex.config.ts are nested components and are deployed separately.
      if (entry.isDirectory() && !fs.existsSync(path.join(full, "convex.config.ts"))) walk(full);
      if (!entry.isFile()) continue;
      const rel = path.relative(dir, full);
      const base = entry.name;
      if (rel.startsWith("_deps" + path.sep)) {
        throw new PushRefused(
          "InvalidConfig",
          `The path "${full}" is within the "_deps" directory, which is reserved for dependencies. Please move your code to another directory.`,
        );
      }
      const skip =
        !ENTRY_POINT_EXTENSIONS.some((ext) => rel.endsWith(ext)) ||
        rel.startsWith("_generated" + path.sep) ||
        base.startsWith(".") ||
        base.startsWith("#") ||
        base === "schema.ts" ||
        base === "schema.js" ||
        // Excludes auth.config.ts, convex.config.ts, *.test.ts, *.d.ts.
        (base.match(/\./g) ?? []).length > 1 ||
        rel.includes(" ");
      // The CLI drops .ts files that are not ES modules, since they would not typecheck as imports.
      const notModule =
        (full.endsWith(".ts") || full.endsWith(".tsx")) && !/^\s{0,100}(import|export)/m.test(fs.readFileSync(full, "utf8"));
      if (!skip && !notModule) found.push(rel);
    }
  };
  walk(dir);
  return found;
}

type ChildComponent = { name: string; definitionPath: string; importSpecifier: string | null };

/**
 * A child component's line in `components`, as componentApiLines writes it with component API imports (the
 * default unless convex.json sets codegen.legacyComponentApi): the package's own ComponentApi type, imported
 * by the specifier the app's convex.config imported it by, or by its directory when that was a relative path.
 */
function componentLine({ name, definitionPath, importSpecifier }: ChildComponent): string {
  const from =
    importSpecifier && !importSpecifier.startsWith(".") && importSpecifier !== definitionPath ? importSpecifier : `../${definitionPath}`;
  return `  "${name}": import("${from}/_generated/component.js").ComponentApi<"${name}">,`;
}

function apiDts(t: Templates, modulePaths: string[], children: ChildComponent[]): string {
  const lines = [t.header("Generated `api` utility.")];
  for (const p of modulePaths) lines.push(`import type * as ${t.moduleIdentifier(p)} from "../${t.importPath(p)}.js";`);
  lines.push(`
    import type { ApiFromModules, FilterApi, FunctionReference } from "convex/server";

    declare const fullApi: ApiFromModules<{
  `);
  for (const p of modulePaths) lines.push(`  "${t.importPath(p)}": typeof ${t.moduleIdentifier(p)},`);
  lines.push(`}>;`);
  lines.push(`
    ${t.apiComment("api", "public")}
    export declare const api: FilterApi<typeof fullApi, FunctionReference<any, "public">>;
    ${t.apiComment("internal", "internal")}
    export declare const internal: FilterApi<typeof fullApi, FunctionReference<any, "internal">>;
  `);
  // Without components the CLI still emits an empty `components` object.
  lines.push(`\n  export declare const components: {`, ...children.map(componentLine), "};");
  return lines.join("\n");
}

function apiJs(t: Templates): string {
  return [
    t.header("Generated `api` utility."),
    `
    import { anyApi, componentsGeneric } from "convex/server";

    ${t.apiComment("api", undefined)}
    export const api = anyApi;
    export const internal = anyApi;
    export const components = componentsGeneric();
  `,
  ].join("\n");
}

const ID_DOC = `Convex documents are uniquely identified by their \`Id\`, which is accessible
 * on the \`_id\` field. To learn more, see [Document IDs](https://docs.convex.dev/using/document-ids).
 *
 * Documents can be loaded using \`db.get(tableName, id)\` in query and mutation functions.
 *
 * IDs are just strings at runtime, but this type can be used to distinguish them from other
 * strings when type checking.`;
const DATA_MODEL_DOC = `/**
 * A type describing your Convex data model.
 *
 * This type includes information about what tables you have, the type of
 * documents stored in those tables, and the indexes defined on them.
 *
 * This type is used to parameterize methods like \`queryGeneric\` and
 * \`mutationGeneric\` to make them type-safe.
 */`;

function dataModelDts(t: Templates, hasSchema: boolean): string {
  const head = t.header("Generated data model types.");
  if (!hasSchema) {
    return `${head}
import { AnyDataModel } from "convex/server";
import type { GenericId } from "convex/values";

/**
 * No \`schema.ts\` file found!
 *
 * This generated code has permissive types like \`Doc = any\` because
 * Convex doesn't know your schema. If you'd like more type safety, see
 * https://docs.convex.dev/using/schemas for instructions on how to add a
 * schema file.
 *
 * After you change a schema, rerun codegen with \`npx convex dev\`.
 */

/**
 * The names of all of your Convex tables.
 */
export type TableNames = string;

/**
 * The type of a document stored in Convex.
 */
export type Doc = any;

/**
 * An identifier for a document in Convex.
 *
 * ${ID_DOC}
 */
export type Id<TableName extends TableNames = TableNames> = GenericId<TableName>;

${DATA_MODEL_DOC}
export type DataModel = AnyDataModel;`;
  }
  const typeParam = ` * @typeParam TableName - A string literal type of the table name (like "users").`;
  return `${head}
import type { DataModelFromSchemaDefinition, DocumentByName, TableNamesInDataModel, SystemTableNames } from "convex/server";
import type { GenericId } from "convex/values";
import schema from "../schema.js";

/**
 * The names of all of your Convex tables.
 */
export type TableNames = TableNamesInDataModel<DataModel>;

/**
 * The type of a document stored in Convex.
 *
${typeParam}
 */
export type Doc<TableName extends TableNames> = DocumentByName<DataModel, TableName>;

/**
 * An identifier for a document in Convex.
 *
 * ${ID_DOC}
 *
${typeParam}
 */
export type Id<TableName extends TableNames | SystemTableNames> = GenericId<TableName>;

${DATA_MODEL_DOC}
export type DataModel = DataModelFromSchemaDefinition<typeof schema>;
`;
}

/** Regenerates `<functionsDir>/_generated`; with `check`, only reports which files are stale. */
export async function generateConvexCode(opts: { functionsDir: string; check?: boolean }): Promise<{ changed: string[] }> {
  const { functionsDir, check = false } = opts;
  // Nothing to generate for (and nothing must be created in) a missing functions dir.
  if (!fs.existsSync(functionsDir)) return { changed: [] };
  const t = await loadTemplates();
  const modulePaths = findModules(functionsDir).sort(t.compareModulePaths);
  // Types for modules or a schema that a deployment would refuse would only hide the refusal until deploy.
  checkModulePaths(modulePaths);
  const { loadSchemaJson } = await import("./push-check");
  const schema = await loadSchemaJson(functionsDir);
  if (schema) checkSchema(schema);
  const hasSchema = ["schema.ts", "schema.js"].some((f) => fs.existsSync(path.join(functionsDir, f)));
  const server = t.serverCodegen({ useTypeScript: false, envVars: [] });
  // The components convex/convex.config.ts installs, read by evaluating it as a push does.
  // Bundled next to the project's node_modules, so the evaluated config resolves `convex` as the app does.
  const cache = path.join(path.dirname(path.resolve(functionsDir)), "node_modules", ".cache", "convex-local");
  fs.mkdirSync(cache, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(cache, `${process.pid}-codegen-`));
  let children: ChildComponent[];
  try {
    children = await appChildComponents(functionsDir, scratch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  // Same order as the CLI, so a watcher never sees a file importing one not yet written.
  const files: [string, string][] = [
    ["dataModel.d.ts", dataModelDts(t, hasSchema)],
    ["server.js", server.JS],
    ["server.d.ts", server.DTS],
    ["api.js", apiJs(t)],
    ["api.d.ts", apiDts(t, modulePaths, children)],
  ];
  const outDir = path.join(functionsDir, "_generated");
  const changed: string[] = [];
  for (const [name, source] of files) {
    const target = path.join(outDir, name);
    const formatted = await t.format(source, { parser: "typescript", pluginSearchDirs: false });
    if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === formatted) continue;
    changed.push(target);
    if (check) continue;
    fs.mkdirSync(outDir, { recursive: true });
    // Write-then-rename so dev servers never read a half-written file.
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, formatted);
    fs.renameSync(tmp, target);
  }
  // The CLI deletes leftovers (e.g. api_cjs.* from an old config) but keeps the `ai` entry.
  const wanted = new Set(files.map(([name]) => name).concat("ai"));
  for (const entry of fs.existsSync(outDir) ? fs.readdirSync(outDir) : []) {
    if (wanted.has(entry)) continue;
    changed.push(path.join(outDir, entry));
    if (!check) fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
  }
  return { changed };
}
