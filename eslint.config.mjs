// ESLint flat config. The rule that matters most here is the tenant door:
// only convex/lib may import Convex's raw function builders, so every other
// module has to go through the tenant-checking wrappers.
import tseslint from "typescript-eslint";
import nextPlugin from "@next/eslint-plugin-next";
import path from "node:path";

// A Convex deployment refuses a module whose path has a component with
// anything but letters, digits, underscores and periods (or none of the first
// two), e.g. "lib/api-door.js". The same rule as lib/local/convex/push-rules.ts,
// here so the editor flags the file name before a push does.
const convexModulePath = {
  meta: {
    type: "problem",
    schema: [],
    messages: { bad: "{{path}} is not a valid path to a Convex module. Path component {{component}} {{reason}}" },
  },
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

// Layer rules (see docs/architecture.md for the map and the reasons).
const RAW_BUILDERS = {
  group: ["**/_generated/server", "**/_generated/server.js"],
  message: "Import query/mutation builders from convex/lib/functions (tenantQuery, staffQuery, ...): raw builders skip the tenant check.",
};
const DOMAIN_IS_PURE = {
  group: [
    "@/lib/server/**",
    "@/lib/local/**",
    "@/convex/**",
    "@/components/**",
    "@/app/**",
    "../server/**",
    "../../server/**",
    "../local/**",
    "../../local/**",
    "**/convex/**",
    "**/components/**",
    "**/app/**",
    "next/**",
    "react",
    "react-dom",
  ],
  message: "lib/domain is pure: it imports nothing of convex/, lib/server, lib/local, components or app (both sides import it).",
};
const CONVEX_IMPORTS_DOMAIN_ONLY = {
  group: ["@/**", "**/lib/server/**", "**/lib/local/**", "**/components/**", "**/app/**", "next/**", "react"],
  message: "convex/ imports only lib/domain from outside itself (relative paths: the Convex bundler does not know the @/ alias).",
};
const CLI_TALKS_HTTP = {
  group: ["@/**", "**/convex/**", "**/lib/server/**", "**/lib/local/**", "**/components/**", "**/app/**", "next/**", "react"],
  message: "cli/ is a separate program: it imports only lib/domain (relative paths) and reaches Tenantry over the admin HTTP API.",
};
/** The adapters through which lib/server reaches local-mode infrastructure. */
const LOCAL_ADAPTERS = [
  "lib/server/auth/index.ts",
  "lib/server/auth/actions.ts",
  "lib/server/auth/local.ts",
  "lib/server/billing/index.ts",
  "lib/server/billing/staff-actions.ts",
  "lib/server/billing/simulator.ts",
];
const LOCAL_BEHIND_ADAPTERS = {
  group: ["@/lib/local/**", "**/lib/local/**", "../local/**", "../../local/**", "../../../local/**"],
  message:
    "lib/local (convex-local, the billing simulator, the local identity provider) is reached only through lib/server's adapters (lib/server/auth/local.ts, lib/server/billing/simulator.ts, ...).",
};
const SERVER_BELOW_UI = {
  group: ["@/components/**", "@/app/**"],
  message: "lib/server sits below the UI: components and app import it, never the other way round.",
};
const COMPONENTS_BELOW_APP = {
  group: ["@/app/**", "**/app/**"],
  message: "components sit below app/: put shared server actions beside the component that uses them (components/<area>/actions.ts).",
};
const UI_USES_GENERATED_API = {
  regex: "^(@/|(\\.\\./)+)convex/(?!_generated/)",
  message: "Pages and components reach Convex through convex/_generated (api, dataModel) only, never its modules or helpers.",
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
  // The floors (docs/architecture.md): imports only go down. Each floor's rule is one
  // no-restricted-imports config, since a later config for the same files replaces an earlier one.
  {
    files: ["lib/domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [DOMAIN_IS_PURE] }] },
  },
  {
    files: ["convex/**/*.ts"],
    ignores: ["convex/_generated/**", "convex/lib/functions.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [RAW_BUILDERS, CONVEX_IMPORTS_DOMAIN_ONLY] }] },
  },
  {
    files: ["convex/lib/functions.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [CONVEX_IMPORTS_DOMAIN_ONLY] }] },
  },
  {
    files: ["lib/server/**/*.ts"],
    ignores: LOCAL_ADAPTERS,
    rules: { "no-restricted-imports": ["error", { patterns: [LOCAL_BEHIND_ADAPTERS, SERVER_BELOW_UI] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [LOCAL_BEHIND_ADAPTERS, COMPONENTS_BELOW_APP, UI_USES_GENERATED_API] }] },
  },
  {
    files: ["app/**/*.{ts,tsx}", "proxy.ts", "instrumentation.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [LOCAL_BEHIND_ADAPTERS, UI_USES_GENERATED_API] }] },
  },
  {
    files: ["cli/**/*.ts", "bin/**/*.mjs"],
    rules: { "no-restricted-imports": ["error", { patterns: [CLI_TALKS_HTTP] }] },
  },
);
