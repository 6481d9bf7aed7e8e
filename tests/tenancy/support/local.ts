/**
 * convex-local for tenancy tests: the real convex/ folder on a scratch data
 * dir, called through the real HTTP client. `outcome` turns a call into data
 * (value, or error code and message) so tables of expectations stay short.
 */
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import type { ConvexLocalHandle } from "../../../lib/local/convex/index";
import { startProjectBackend, type ProjectBackend } from "../../support/convex-local";

export const SYSTEM_SECRET = "tenancy-test-system-secret-0123456789";

export function startLocal(label: string): Promise<ProjectBackend> {
  return startProjectBackend(`tenancy-${label}`, { secret: SYSTEM_SECRET });
}

export type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string; text: string };

/** Calls a public function by name ("portal/agents:create") and never throws. */
export async function outcome(
  t: ConvexLocalHandle,
  kind: "query" | "mutation" | "action",
  name: string,
  args: Record<string, Value>,
): Promise<Outcome> {
  try {
    const ref = makeFunctionReference<typeof kind>(name);
    const value =
      kind === "query" ? await t.query(ref, args) : kind === "mutation" ? await t.mutation(ref, args) : await t.action(ref, args);
    return { ok: true, value };
  } catch (e) {
    const err = e as Error & { data?: { code?: string; message?: string } };
    const data = typeof err.data === "object" && err.data ? err.data : null;
    // Non-ConvexError failures (validation, crashes) get code "ERROR" so a table never mistakes them for a refusal.
    return {
      ok: false,
      code: data?.code ?? "ERROR",
      message: data?.message ?? err.message,
      text: `${err.message} ${JSON.stringify(err.data ?? null)}`,
    };
  }
}

export const show = (o: Outcome) => (o.ok ? `ok ${JSON.stringify(o.value)?.slice(0, 200)}` : `${o.code}: ${o.message}`);
