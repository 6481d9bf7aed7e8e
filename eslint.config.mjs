// ESLint flat config. The rule that matters most here is the tenant door:
// only convex/lib may import Convex's raw function builders, so every other
// module has to go through the tenant-checking wrappers.
import tseslint from "typescript-eslint";
import nextPlugin from "@next/eslint-plugin-next";
import path from "node:path";

// A Convex deployment refuses a module whose path has a component with
// anything but letters, digits, underscores and periods (or none of the first
// two), e.g. "lib/api-door.js". The same rule as lib/convex-local/push-rules.ts,
// here so the editor flags the file name before a push does.
const convexModulePath = {
  meta: { type: "problem", schema: [], messages: { bad: "{{path}} is not a valid path to a Convex module. Path component {{component}} {{reason}}" } },
  create(context) {
    return {
      Program(node) {
        const rel = path.relative(path.resolve("convex"), context.filename).split(path.sep).join("/");
        // The CLI skips paths with a space (never pushed), so only pushed modules are judged.
        if (rel.startsWith("..") || rel.includes(" ")) return;
        const pushed = rel.replace(/\.[^/.]+$/, "") + ".js";
        for (const component of pushed.split("/")) {
          const reason = !/^[A-Za-z0-9_.]*$/.test(component)
            ? "can only contain alphanumeric characters, underscores, or periods."
            : !/[A-Za-z0-9]/.test(component)
              ? "must have at least one alphanumeric character."
              : null;
          if (reason) return context.report({ node, messageId: "bad", data: { path: pushed, component, reason } });
        }
      },
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      ".data-*/**",
      "coverage/**",
      ".data/**",
      "tmp/**",
      "**/_generated/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["convex/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"],
    plugins: { convex: { rules: { "module-path": convexModulePath } } },
    rules: { "convex/module-path": "error" },
  },
  {
    files: ["convex/**/*.ts"],
    ignores: ["convex/lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/_generated/server", "**/_generated/server.js"],
              message: "Import query/mutation builders from convex/lib (tenantQuery, staffQuery, ...): raw builders skip the tenant check.",
            },
          ],
        },
      ],
    },
  },
);
