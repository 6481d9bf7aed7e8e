/**
 * The conformance cases on convex-local, through the convex-test-shaped handle
 * of startConvexLocal(): every call goes over the real HTTP API to a fresh
 * server on a free port, backed by a throwaway data dir.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startConvexLocal } from "../../../lib/local/convex/index";
import { defineConformance } from "./cases";
import { defineSemantics } from "./semantics";
import { defineComponentCases } from "./components";

const functionsDir = path.resolve(import.meta.dirname, "../fixtures/app");

defineConformance("convex-local", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "convex-local-conformance-"));
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir });
  return {
    t,
    local: t,
    close: async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

defineSemantics("convex-local", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "convex-local-semantics-"));
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir });
  return {
    t,
    local: t,
    close: async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

defineComponentCases("convex-local", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "convex-local-components-"));
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir: path.resolve(import.meta.dirname, "../fixtures/components") });
  return {
    t,
    local: t,
    close: async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
