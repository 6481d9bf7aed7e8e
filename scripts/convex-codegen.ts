/**
 * `npm run convex:codegen` / `npm run convex:codegen:check`.
 *
 * Offline stand-in for `npx convex codegen`, which needs a deployment; see
 * lib/local/convex/codegen.ts for why the output matches the Convex CLI.
 * --check writes nothing and exits 1 if convex/_generated is stale (for CI).
 */
import fs from "node:fs";
import path from "node:path";
import { generateConvexCode } from "../lib/local/convex/codegen";
import { PushRefused } from "../lib/local/convex/push-rules";

// Honour convex.json's `functions` setting the way the Convex CLI does.
function functionsDir(): string {
  const configPath = path.resolve("convex.json");
  if (!fs.existsSync(configPath)) return path.relative(process.cwd(), path.resolve("convex"));
  const config = JSON.parse(fs.readFileSync(configPath, "utf8")) as { functions?: unknown };
  const dir = typeof config.functions === "string" ? config.functions : "convex/";
  return path.relative(process.cwd(), path.resolve(dir));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`Unknown argument(s): ${unknown.join(" ")}. Usage: tsx scripts/convex-codegen.ts [--check]`);
    return 2;
  }
  const check = args.includes("--check");
  const dir = functionsDir();
  if (!fs.existsSync(dir)) {
    console.log(`No ${dir}/ directory; nothing to generate.`);
    return 0;
  }
  let changed: string[];
  try {
    ({ changed } = await generateConvexCode({ functionsDir: dir, check }));
  } catch (e) {
    // What a deployment would refuse gets no types: the backend's message, not a stack trace.
    if (!(e instanceof PushRefused)) throw e;
    console.error(`Convex codegen refused ${dir}/: ${e.message}`);
    return 1;
  }
  if (check) {
    if (changed.length === 0) return 0;
    console.error(`Convex codegen is stale: ${changed.join(", ")}. Run \`npm run convex:codegen\` and commit the result.`);
    return 1;
  }
  console.log(changed.length === 0 ? `${dir}/_generated is up to date.` : `Updated ${changed.join(", ")}`);
  return 0;
}

process.exitCode = await main();
