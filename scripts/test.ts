/**
 * `npm test`: every check, in order, then one closing line that counts both
 * test runners together ("tests: N passed, N failed"), the line CI reads.
 * Each step's own output streams through; the first failing step stops the run.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type Step = { name: string; cmd: string; args: string[]; results?: (file: string) => { passed: number; failed: number } };

const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), "tenantry-test-"));

const vitestCounts = (file: string) => {
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests };
};
const playwrightCounts = (file: string) => {
  const r = JSON.parse(fs.readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected };
};

const only = process.argv.slice(2);
const steps: Step[] = [
  { name: "format", cmd: "npx", args: ["prettier", "--check", "--log-level=warn", "."] },
  { name: "lint", cmd: "npx", args: ["eslint", "--max-warnings=0", "."] },
  { name: "typecheck", cmd: "npx", args: ["tsc", "--noEmit", "-p", "."] },
  { name: "codegen", cmd: "npx", args: ["tsx", "scripts/convex-codegen.ts", "--check"] },
  { name: "audit", cmd: "npx", args: ["tsx", "scripts/audit-tenancy.ts"] },
  // What a push would refuse (module names, schema, Node built-ins outside "use node"), with the backend's messages.
  { name: "convex-check", cmd: "npx", args: ["tsx", "scripts/convex-check.ts"] },
  {
    name: "unit",
    cmd: "npx",
    args: ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(reportDir, "unit.json")}`],
    results: vitestCounts,
  },
];
if (fs.existsSync("playwright.config.ts")) {
  steps.push({ name: "chromium", cmd: "bash", args: ["scripts/ensure-chromium.sh"] });
  steps.push({ name: "e2e", cmd: "npx", args: ["playwright", "test"], results: playwrightCounts });
}

let passed = 0;
let failed = 0;
let failedStep: string | null = null;
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  console.log(`\n▶ ${step.name}: ${step.cmd} ${step.args.join(" ")}`);
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reportDir, "e2e.json"),
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.resolve("tests/support/node-polyfills.mjs")}`.trim(),
  };
  const run = spawnSync(step.cmd, step.args, { stdio: "inherit", env });
  if (step.results) {
    const file = path.join(reportDir, `${step.name}.json`);
    if (fs.existsSync(file)) {
      const counts = step.results(file);
      passed += counts.passed;
      failed += counts.failed;
    }
  }
  if (run.status !== 0) {
    failedStep = step.name;
    if (failed === 0) failed = 1; // a step that failed outside the runners still fails the count
    break;
  }
}
if (failedStep) console.log(`\n✗ step "${failedStep}" failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failedStep ? 1 : 0);
