import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    // convex-test tests opt into edge-runtime per file (`// @vitest-environment edge-runtime`).
    server: { deps: { inline: ["convex-test"] } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
