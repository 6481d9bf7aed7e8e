/**
 * convex-local for tenancy tests: the real convex/ folder on a scratch data
 * dir, called through the real HTTP client. `outcome` turns a call into data
 * (value, or error code and message) so tables of expectations stay short.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import { startConvexLocal, type ConvexLocalHandle } from "../../../lib/convex-local/index";

export const SYSTEM_SECRET = "tenancy-test-system-secret-0123456789";

export async function startLocal(label: string): Promise<ConvexLocalHandle & { dispose(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tenancy-${label}-`));
  const functionsDir = path.resolve(import.meta.dirname, "..", "..", "..", "convex");
  const t = await startConvexLocal({ dataDir, port: 0, functionsDir, env: { TENANTRY_SYSTEM_SECRET: SYSTEM_SECRET } });
  return Object.assign(t, {
    dispose: async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string; text: string };

/** Calls a public function by name ("agents:create") and never throws. */
export async function outcome(t: ConvexLocalHandle, kind: "query" | "mutation" | "action", name: string, args: Record<string, Value>): Promise<Outcome> {
  try {
    const ref = makeFunctionReference<typeof kind>(name);
    const value = kind === "query" ? await t.query(ref, args) : kind === "mutation" ? await t.mutation(ref, args) : await t.action(ref, args);
    return { ok: true, value };
  } catch (e) {
    const err = e as Error & { data?: { code?: string; message?: string } };
    const data = typeof err.data === "object" && err.data ? err.data : null;
    // Non-ConvexError failures (validation, crashes) get code "ERROR" so a table never mistakes them for a refusal.
    return { ok: false, code: data?.code ?? "ERROR", message: data?.message ?? err.message, text: `${err.message} ${JSON.stringify(err.data ?? null)}` };
  }
}

export const show = (o: Outcome) => (o.ok ? `ok ${JSON.stringify(o.value)?.slice(0, 200)}` : `${o.code}: ${o.message}`);
