/**
 * The one way tests start convex-local on the project's own convex/ folder: a
 * scratch data directory, an ephemeral port, the system secret the Next side
 * would send, and a dispose() that stops the server and removes the data.
 * (tests/convex-local/ starts its own fixture apps; see tests/README.md.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startConvexLocal, type ConvexLocalHandle } from "../../lib/local/convex/index";

export const PROJECT_FUNCTIONS_DIR = path.resolve(import.meta.dirname, "..", "..", "convex");

export type ProjectBackend = ConvexLocalHandle & { dataDir: string; dispose(): Promise<void> };

/**
 * `root`: a scratch directory the caller made (and shares with app code that
 * reads TENANTRY_DATA_DIR); the database goes in its convex/ folder. Without
 * one, a fresh temp directory named after `label`.
 */
export async function startProjectBackend(
  label: string,
  opts: { secret: string; root?: string; env?: Record<string, string> },
): Promise<ProjectBackend> {
  const root = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  const t = await startConvexLocal({
    dataDir: opts.root ? path.join(root, "convex") : root,
    port: 0,
    functionsDir: PROJECT_FUNCTIONS_DIR,
    env: { TENANTRY_SYSTEM_SECRET: opts.secret, ...opts.env },
  });
  return Object.assign(t, {
    dataDir: root,
    dispose: async () => {
      await t.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  });
}
