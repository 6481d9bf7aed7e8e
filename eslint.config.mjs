// ESLint flat config. The rule that matters most here is the tenant door:
// only convex/lib may import Convex's raw function builders, so every other
// module has to go through the tenant-checking wrappers.
import tseslint from "typescript-eslint";
import nextPlugin from "@next/eslint-plugin-next";

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
