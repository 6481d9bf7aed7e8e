/**
 * convex-local, codegen and `npm test` refuse what a Convex deployment
 * refuses at push time, with the backend's messages (issue 14): module paths,
 * schema identifiers and index rules, "use node" placement and Node built-ins
 * in modules that run in Convex's default runtime.
 *
 * Each case builds a scratch functions folder (linked to the project's
 * node_modules so `convex/server` resolves) and starts convex-local on it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateConvexCode } from "../../lib/local/convex/codegen";
import { checkModulePaths, checkSchema, type SchemaJson } from "../../lib/local/convex/push-rules";
import { startConvexLocal } from "../../lib/local/convex/index";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const FN = `import { query } from "./_generated/server";\nexport const ping = query({ args: {}, handler: async () => "pong" });\n`;
const SERVER = `export { queryGeneric as query, mutationGeneric as mutation, actionGeneric as action } from "convex/server";\n`;

/** A project with `convex/` holding `files` (and a minimal _generated/server). Returns the functions dir. */
function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "push-rules-"));
  scratch.push(root);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"));
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "push-rules-fixture", private: true, type: "module", dependencies: { convex: "*" } }),
  );
  const dir = path.join(root, "convex");
  for (const [name, text] of Object.entries({ "_generated/server.js": SERVER, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function startError(functionsDir: string): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "push-rules-data-"));
  scratch.push(dataDir);
  try {
    const t = await startConvexLocal({ dataDir, port: 0, functionsDir });
    await t.close();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("convex-local started on a folder a deployment would refuse");
}

const schemaFile = (body: string) =>
  `import { defineSchema, defineTable } from "convex/server";\nimport { v } from "convex/values";\nexport default defineSchema({ ${body} });\n`;

describe("module paths", () => {
  const REFUSAL =
    "InvalidConfig: lib/api-door.js is not a valid path to a Convex module. Path component api-door.js can only contain alphanumeric characters, underscores, or periods.";

  it("convex-local refuses to start on a module named api-door.ts, with the backend's message", async () => {
    const dir = project({ "ok.ts": FN, "lib/api-door.ts": FN });
    expect(await startError(dir)).toBe(REFUSAL);
  });

  it("codegen refuses it too, and writes nothing", async () => {
    const dir = project({ "lib/api-door.ts": FN });
    await expect(generateConvexCode({ functionsDir: dir })).rejects.toThrow(REFUSAL);
    expect(fs.existsSync(path.join(dir, "_generated", "api.d.ts"))).toBe(false);
  });

  it("refuses code inside convex/_deps, which the CLI reserves for dependencies", async () => {
    const dir = project({ "ok.ts": FN, "_deps/helper.ts": FN });
    expect(await startError(dir)).toMatch(
      /^InvalidConfig: The path ".*_deps\/helper\.ts" is within the "_deps" directory, which is reserved for dependencies\./,
    );
  });

  it("applies the backend's component rule (letters, digits, _ and . only; one letter or digit; 64 characters)", () => {
    expect(() => checkModulePaths(["apiDoor.ts", "lib/api_door.ts", "v2.helpers.js"])).not.toThrow();
    expect(() => checkModulePaths(["my folder/x.ts"])).toThrow(
      "Path component my folder can only contain alphanumeric characters, underscores, or periods.",
    );
    expect(() => checkModulePaths(["__/x.ts"])).toThrow(
      "__/x.js is not a valid path to a Convex module. Path component __ must have at least one alphanumeric character.",
    );
    expect(() => checkModulePaths([`${"a".repeat(70)}.ts`])).toThrow("Path component is too long (73 > maximum 64)");
  });

  it("the project's own convex/ folder passes", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/convex-check.ts", "--skip-cli"], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("schema identifiers and indexes", () => {
  it("convex-local refuses a table named a-b at start-up", async () => {
    const dir = project({ "ok.ts": FN, "schema.ts": schemaFile(`"a-b": defineTable({ x: v.string() })`) });
    expect(await startError(dir)).toBe(
      'InvalidTableName: Invalid table name: "a-b". Identifiers must start with a letter and can only contain letters, digits, and underscores.',
    );
  });

  it("convex-local refuses a top-level field _a, a union field a-b and an index a-b", async () => {
    expect(await startError(project({ "ok.ts": FN, "schema.ts": schemaFile(`t: defineTable({ _a: v.string() })`) }))).toMatch(
      /^InvalidSchema: In table "t": Field name _a starts with an underscore/,
    );
    expect(
      await startError(
        project({
          "ok.ts": FN,
          "schema.ts": schemaFile(`t: defineTable(v.union(v.object({ k: v.literal("a") }), v.object({ "a-b": v.string() })))`),
        }),
      ),
    ).toBe(
      `InvalidSchema: In table "t": Identifier a-b has invalid character '-': Identifiers can only contain alphanumeric characters or underscores`,
    );
    expect(
      await startError(project({ "ok.ts": FN, "schema.ts": schemaFile(`t: defineTable({ x: v.string() }).index("a-b", ["x"])`) })),
    ).toBe(
      'InvalidIndexName: Invalid index name: "a-b". Identifiers must be 64 characters or less, start with a letter, and only contain letters, digits, underscores.',
    );
  });

  it("codegen refuses an invalid schema", async () => {
    const dir = project({ "ok.ts": FN, "schema.ts": schemaFile(`_secret: defineTable({ x: v.string() })`) });
    await expect(generateConvexCode({ functionsDir: dir })).rejects.toThrow("TableNameReserved: _secret is a reserved table name.");
  });

  const table = (extra: Partial<SchemaJson["tables"][number]>): SchemaJson => ({
    tables: [
      {
        tableName: "t",
        indexes: [],
        documentType: {
          type: "object",
          value: {
            a: { fieldType: { type: "string" } },
            b: { fieldType: { type: "object", value: { c: { fieldType: { type: "number" } } } } },
          },
        },
        ...extra,
      },
    ],
    schemaValidation: true,
  });

  it("refuses the index definitions the backend refuses, each with its message", () => {
    const cases: [Partial<SchemaJson["tables"][number]>, string][] = [
      [
        { indexes: [{ indexDescriptor: "by_id", fields: ["a"] }] },
        'IndexNameReserved: In table "t" cannot name an index "by_id" because the name is reserved.',
      ],
      [{ indexes: [{ indexDescriptor: "_mine", fields: ["a"] }] }, 'IndexNameReserved: In table "t" cannot name an index "_mine"'],
      [
        { indexes: [{ indexDescriptor: "by_id_field", fields: ["_id"] }] },
        'IndexFieldsContainId: In table "t": In index "by_id_field": `_id` is not a valid index field.',
      ],
      [
        { indexes: [{ indexDescriptor: "twice", fields: ["a", "a"] }] },
        'FieldsNotUniqueWithinIndex: In table "t": In index "twice": Duplicate field "a".',
      ],
      [
        { indexes: [{ indexDescriptor: "bad_path", fields: ["b.c-d"] }] },
        'InvalidIndexField: In table "t": In index "bad_path": Invalid index field: "b.c-d"',
      ],
      [{ indexes: [{ indexDescriptor: "none", fields: [] }] }, 'EmptyIndex: In table "t" index "none" must have at least one field.'],
      [
        {
          indexes: [
            { indexDescriptor: "one", fields: ["a"] },
            { indexDescriptor: "two", fields: ["a"] },
          ],
        },
        'IndexNotUnique: In table "t" index "two" and index "one" have the same fields.',
      ],
      [
        {
          indexes: [{ indexDescriptor: "same", fields: ["a"] }],
          searchIndexes: [{ indexDescriptor: "same", searchField: "a", filterFields: [] }],
        },
        'IndexNamesNotUnique: Table "t" has two or more definitions of index "same".',
      ],
      [
        { indexes: [{ indexDescriptor: "ghost", fields: ["missing"] }] },
        'SchemaDefinitionError: In table "t" the index "ghost" is invalid because it references the field "missing" that does not exist.',
      ],
      [
        { indexes: Array.from({ length: 65 }, (_, i) => ({ indexDescriptor: `i${i}`, fields: ["a"] })) },
        'TooManyIndexes: Table "t" cannot have more than 64 indexes.',
      ],
    ];
    for (const [extra, message] of cases) expect(() => checkSchema(table(extra)), message).toThrow(message);
    expect(() => checkSchema(table({ indexes: [{ indexDescriptor: "by_a_c", fields: ["a", "b.c"] }] }))).not.toThrow();
  });
});

describe("Convex's default runtime", () => {
  const NODE_FN = `import { createHash } from "node:crypto";\nimport { action } from "./_generated/server";\nexport const hash = action({ args: {}, handler: async () => createHash("sha256").update("x").digest("hex") });\n`;

  it('refuses a Node built-in imported by a module without "use node", naming the file and the fix', async () => {
    const message = await startError(project({ "hashing.ts": NODE_FN }));
    expect(message).toContain('hashing.ts:1: Could not resolve "node:crypto"');
    expect(message).toContain('It looks like you are using Node APIs from a file without the "use node" directive.');
  });

  it("refuses it when it arrives through a helper file too", async () => {
    const message = await startError(
      project({
        "lib/digest.ts": `import { createHash } from "crypto";\nexport const digest = (s: string) => createHash("sha1").update(s).digest("hex");\n`,
        "user.ts": `import { digest } from "./lib/digest";\n${FN}export const d = digest;\n`,
      }),
    );
    expect(message).toContain('Could not resolve "crypto"');
  });

  it('runs the same module once it says "use node"', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "push-rules-data-"));
    scratch.push(dataDir);
    const t = await startConvexLocal({ dataDir, port: 0, functionsDir: project({ "hashing.ts": `"use node";\n${NODE_FN}`, "ok.ts": FN }) });
    try {
      const { makeFunctionReference } = await import("convex/server");
      expect(await t.action(makeFunctionReference<"action">("hashing:hash"))).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await t.close();
    }
  });

  it('refuses "use node" where the CLI refuses it', async () => {
    expect(
      await startError(project({ "crons.ts": `"use node";\nimport { cronJobs } from "convex/server";\nexport default cronJobs();\n` })),
    ).toBe('InvalidConfig: "use node" directive is not allowed for crons.ts.');
  });
});

describe("watch mode", () => {
  it("reloads both builds, and keeps the running modules when a reload brings a refused schema", async () => {
    const dir = project({
      "ok.ts": FN,
      "schema.ts": schemaFile(`good: defineTable({ x: v.string() })`),
      "hashing.ts": `"use node";\nimport { createHash } from "node:crypto";\nimport { action } from "./_generated/server";\nexport const h = action({ args: {}, handler: async () => createHash("sha1").update("x").digest("hex").length });\n`,
    });
    const lines: string[] = [];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "push-rules-data-"));
    scratch.push(dataDir);
    const t = await startConvexLocal({
      dataDir,
      port: 0,
      functionsDir: dir,
      watch: true,
      log: { call() {}, functionConsole() {}, info: (m) => void lines.push(m) },
    });
    const { makeFunctionReference } = await import("convex/server");
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(pred(), lines.join("\n")).toBe(true);
    };
    try {
      expect(await t.query(makeFunctionReference<"query">("ok:ping"))).toBe("pong");
      expect(await t.action(makeFunctionReference<"action">("hashing:h"))).toBe(40);
      fs.writeFileSync(path.join(dir, "ok.ts"), FN.replace('"pong"', '"pong2"'));
      let answer: unknown = null;
      for (let i = 0; i < 200 && answer !== "pong2"; i++) {
        answer = await t.query(makeFunctionReference<"query">("ok:ping"));
        if (answer !== "pong2") await new Promise((r) => setTimeout(r, 50));
      }
      expect(answer, lines.join("\n")).toBe("pong2");

      const refusals = () =>
        lines.filter((l) => l.includes("reload failed") && l.includes('InvalidTableName: Invalid table name: "a-b"')).length;
      fs.writeFileSync(path.join(dir, "schema.ts"), schemaFile(`"a-b": defineTable({ x: v.string() })`));
      await until(() => refusals() > 0);
      // New code arriving while the schema is refused is refused with it: the running modules stay.
      const before = refusals();
      fs.writeFileSync(path.join(dir, "ok.ts"), FN.replace('"pong"', '"pong3"'));
      await until(() => refusals() > before);
      expect(await t.query(makeFunctionReference<"query">("ok:ping"))).toBe("pong2");
    } finally {
      await t.close();
    }
  });
});

describe("npm test's convex-check step", () => {
  it("fails on a module named like api-door.ts with the backend's message", () => {
    const dir = project({ "ok.ts": FN, "lib/api-door.ts": FN });
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/convex-check.ts")], {
      cwd: path.dirname(dir),
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "lib/api-door.js is not a valid path to a Convex module. Path component api-door.js can only contain alphanumeric characters, underscores, or periods.",
    );
  });

  it("bundles a valid folder with the Convex CLI's own bundler and checks the paths it would push", () => {
    const dir = project({
      "ok.ts": FN,
      "nested/deep.ts": FN.replace("./_generated", "../_generated"),
      "hashing.ts": `"use node";\nimport { createHash } from "node:crypto";\nexport const h = () => createHash("sha1");\n`,
    });
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/convex-check.ts")], {
      cwd: path.dirname(dir),
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/convex bundles as a push would \(\d+ Convex-runtime modules, 1 Node modules\)/);
    expect(r.status).toBe(0);
  });

  it("bundles an app with a convex.config.ts: the published components it installs and a local one", () => {
    const app = path.join(ROOT, "tests", "convex-local", "fixtures", "components");
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/convex-check.ts"), "--functions", app], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/bundles as a push would \(\d+ Convex-runtime modules, 0 Node modules\)/);
    expect(r.status).toBe(0);
  });
});
