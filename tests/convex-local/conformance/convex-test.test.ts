// @vitest-environment edge-runtime
/**
 * The conformance cases on convex-test, the official mock: the reference run.
 * `transactionLimits: true` makes it enforce Convex's per-transaction limits.
 */
import { convexTest } from "convex-test";
import schema from "../fixtures/app/schema";
import { defineConformance, type ConformanceT } from "./cases";
import { defineSemantics } from "./semantics";

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
