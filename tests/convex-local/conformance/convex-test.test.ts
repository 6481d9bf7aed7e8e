// @vitest-environment edge-runtime
/**
 * The conformance cases on convex-test, the official mock: the reference run.
 * `transactionLimits: true` makes it enforce Convex's per-transaction limits.
 */
import { convexTest } from "convex-test";
import schema from "../fixtures/app/schema";
import { defineConformance, type ConformanceT } from "./cases";
import { defineSemantics } from "./semantics";
import { defineComponentCases } from "./components";
import componentsSchema from "../fixtures/components/schema";
import probeSchema from "../fixtures/components/probe/schema";
import leafSchema from "../fixtures/components/probe/leaf/schema";
import rateLimiter from "@convex-dev/rate-limiter/test";
import aggregate from "@convex-dev/aggregate/test";
import migrations from "@convex-dev/migrations/test";
import workpool from "@convex-dev/workpool/test";

// Must include _generated/: convex-test finds the functions root through it.
const modules = import.meta.glob("../fixtures/app/**/*.ts");

defineConformance("convex-test", async () => ({
  t: convexTest({ schema, modules, transactionLimits: true }) as unknown as ConformanceT,
  close: async () => {},
}));

defineSemantics("convex-test", async () => ({
  t: convexTest({ schema, modules, transactionLimits: true }) as unknown as ConformanceT,
  close: async () => {},
}));

// The components fixture: the app (its own modules only), the published packages through their `/test` entry
// points, and the local probe component with its nested one, registered as convex-test registers components.
const componentApp = import.meta.glob(["../fixtures/components/**/*.ts", "!../fixtures/components/probe/**"]);
const probeModules = import.meta.glob(["../fixtures/components/probe/**/*.ts", "!../fixtures/components/probe/leaf/**"]);
const leafModules = import.meta.glob("../fixtures/components/probe/leaf/**/*.ts");

defineComponentCases("convex-test", async () => {
  const t = convexTest({ schema: componentsSchema, modules: componentApp, transactionLimits: true });
  rateLimiter.register(t, "rateLimiter");
  aggregate.register(t, "scores");
  migrations.register(t, "migrations");
  workpool.register(t, "pool");
  t.registerComponent("probe", probeSchema, probeModules);
  t.registerComponent("probe/inner", leafSchema, leafModules);
  return { t: t as unknown as ConformanceT, close: async () => {} };
});
