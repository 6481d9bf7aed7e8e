/**
 * Guards the offline Convex codegen (lib/local/convex/codegen.ts).
 *
 * fixtures/codegen/_generated/ was written by the real convex@1.48.0 CLI
 * (`npx convex codegen` answered by a stub deployment), so comparing against it
 * proves our output is byte-identical to the CLI's. After a `convex` upgrade,
 * regenerate that golden output with the new CLI before trusting this test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateConvexCode } from "../../lib/local/convex/codegen";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "codegen");
const REAL_FUNCTIONS_DIR = path.resolve(import.meta.dirname, "..", "..", "convex");
const GENERATED = ["api.d.ts", "api.js", "dataModel.d.ts", "server.d.ts", "server.js"];

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A scratch copy of the fixture, plus files that must never become modules. */
function fixtureCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "convex-codegen-"));
  tempDirs.push(root);
  const dir = path.join(root, "convex");
  fs.cpSync(FIXTURE, dir, { recursive: true });
  // Created here rather than in the fixture so vitest and tsc never pick them up.
  fs.writeFileSync(path.join(dir, "messages.test.ts"), "export const t = 1;\n");
  fs.writeFileSync(path.join(dir, "auth.config.ts"), "export default { providers: [] };\n");
  return dir;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, "_generated", file), "utf8");

describe("generateConvexCode", () => {
  it.skipIf(!fs.existsSync(REAL_FUNCTIONS_DIR))("convex/_generated is up to date", async () => {
    const { changed } = await generateConvexCode({ functionsDir: REAL_FUNCTIONS_DIR, check: true });
    expect(changed, "convex/_generated is stale: run `npm run convex:codegen`").toEqual([]);
  });

  it("reproduces the Convex CLI output for the fixture", async () => {
    const dir = fixtureCopy();
    expect(await generateConvexCode({ functionsDir: dir, check: true })).toEqual({ changed: [] });

    fs.rmSync(path.join(dir, "_generated"), { recursive: true });
    const stale = await generateConvexCode({ functionsDir: dir, check: true });
    expect(stale.changed.map((f) => path.basename(f)).sort()).toEqual(GENERATED);
    expect(fs.existsSync(path.join(dir, "_generated")), "check mode must not write").toBe(false);

    const written = await generateConvexCode({ functionsDir: dir });
    expect(written.changed).toHaveLength(GENERATED.length);
    for (const file of GENERATED) expect(read(dir, file), file).toBe(read(FIXTURE, file));

    const api = read(dir, "api.d.ts");
    expect(api).toContain('import type * as messages from "../messages.js";');
    expect(api).toContain('import type * as folder_mod from "../folder/mod.js";');
    expect(api).toContain('"folder/mod": typeof folder_mod;');
    expect(api).not.toMatch(/messages\.test|auth\.config|schema/);
    expect(read(dir, "dataModel.d.ts")).toContain('import schema from "../schema.js";');

    expect(await generateConvexCode({ functionsDir: dir })).toEqual({ changed: [] });
  });

  it("falls back to the any-typed data model without a schema and prunes leftovers", async () => {
    const dir = fixtureCopy();
    fs.rmSync(path.join(dir, "schema.ts"));
    fs.writeFileSync(path.join(dir, "_generated", "api_cjs.cjs"), "");

    const { changed } = await generateConvexCode({ functionsDir: dir });
    expect(changed.map((f) => path.basename(f)).sort()).toEqual(["api_cjs.cjs", "dataModel.d.ts"]);
    expect(read(dir, "dataModel.d.ts")).toContain("export type DataModel = AnyDataModel;");
    expect(fs.readdirSync(path.join(dir, "_generated")).sort()).toEqual(GENERATED);
  });

  // The `components` lines follow the CLI's componentApiLines (node_modules/convex/src/cli/codegen_templates/
  // component_api.ts): a package's ComponentApi by the specifier convex.config.ts imported it by, a local
  // component's by its directory. The CLI writes them only after a push's analysis, so they are not golden-pinned.
  it("types the components convex.config.ts installs, and the freshness check covers them", async () => {
    const app = path.join(import.meta.dirname, "fixtures", "components");
    expect(await generateConvexCode({ functionsDir: app, check: true })).toEqual({ changed: [] });
    const api = read(app, "api.d.ts");
    expect(api).toContain('rateLimiter: import("@convex-dev/rate-limiter/_generated/component.js").ComponentApi<"rateLimiter">;');
    expect(api).toContain('scores: import("@convex-dev/aggregate/_generated/component.js").ComponentApi<"scores">;');
    expect(api).toContain('probe: import("../probe/_generated/component.js").ComponentApi<"probe">;');
    // A nested component is its parent's business, not the app's API; the probe's folder holds no app modules.
    expect(api).not.toContain("inner");
    expect(api).not.toContain("probe/calls");

    const root = fs.mkdtempSync(path.join(os.tmpdir(), "convex-codegen-components-"));
    tempDirs.push(root);
    const copy = path.join(root, "convex");
    fs.cpSync(app, copy, { recursive: true });
    fs.writeFileSync(
      path.join(copy, "convex.config.ts"),
      'import { defineApp } from "convex/server";\nimport migrations from "@convex-dev/migrations/convex.config";\n' +
        "const app = defineApp();\napp.use(migrations);\nexport default app;\n",
    );
    fs.symlinkSync(path.resolve(import.meta.dirname, "..", "..", "node_modules"), path.join(root, "node_modules"));
    const stale = await generateConvexCode({ functionsDir: copy, check: true });
    expect(stale.changed.map((f) => path.basename(f))).toEqual(["api.d.ts"]);
  });

  it("creates nothing for a missing functions dir", async () => {
    const missing = path.join(os.tmpdir(), `convex-codegen-missing-${process.pid}`);
    expect(await generateConvexCode({ functionsDir: missing })).toEqual({ changed: [] });
    expect(fs.existsSync(missing)).toBe(false);
  });
});
