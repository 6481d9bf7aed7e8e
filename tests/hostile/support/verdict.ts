/**
 * What a hostile call may answer. A refusal carries one of the closed error
 * codes (convex/lib/errors.ts) with a message. The one other acceptable
 * refusal is the platform's own, before any of our code runs: arguments the
 * declared validator refuses get Convex's ArgumentValidationError naming the
 * path, as on a deployment. Anything else (an untyped error, "Server Error",
 * an internal failure) is a finding. Successes are judged by the snapshot.
 */
import { ERROR_CODES } from "../../../convex/lib/errors";
import type { Outcome } from "../../tenancy/support/local";

export function problemWith(o: Outcome, validatorRefuses: boolean): string | null {
  if (o.ok) return validatorRefuses ? "accepted arguments its own validator refuses" : null;
  if ((ERROR_CODES as readonly string[]).includes(o.code) && o.message.trim().length > 0) return null;
  if (validatorRefuses && o.code === "ERROR" && /^ArgumentValidationError: [\s\S]*Path: /.test(o.message)) return null;
  const firstLines = o.message.split("\n").slice(0, 2).join(" | ").slice(0, 220);
  return `untyped error (${o.code === "ERROR" ? "no error code" : `code ${o.code}`}): ${firstLines}`;
}
