/**
 * End-to-end tests against a production build (`next build` + `next start`)
 * with its own convex-local on a fresh data dir (.data-e2e, wiped per run),
 * driven in Debian's Chromium.
 */
import { defineConfig, devices } from "@playwright/test";

// Overridable so two runs on one machine don't collide (with NEXT_DIST_DIR for the build).
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_CONVEX_PORT = Number(process.env.E2E_CONVEX_PORT ?? 3310);
export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? ".data-e2e";

export default defineConfig({
  testDir: "e2e",
  outputDir: `test-results/${E2E_PORT}/output`,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? `test-results/${E2E_PORT}/e2e.json` }]],
  use: {
    baseURL: `http://localhost:${E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && npx tsx scripts/start.ts --port ${E2E_PORT} --convex-port ${E2E_CONVEX_PORT} --data-dir ${E2E_DATA_DIR} --quiet`,
    url: `http://localhost:${E2E_PORT}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
