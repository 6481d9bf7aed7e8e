import "server-only";
import { api } from "@/convex/_generated/api";
import { FieldError } from "./input";
import type { Handler } from "./tenants";
import { ok } from "./respond";

/** GET debug/users/:who: a user's memberships, what they can open and why, token claims, recent refusals. */
export const userSession: Handler = async (op, _request, _slug, params) =>
  ok({
    ...(await op.query(api.admin.debug.userSession, { who: params.who })),
    // Sign-in sessions are the identity provider's (Clerk, or local mode's session files), not Convex's.
    sessions: {
      source: "identity provider",
      note: "Sign-in sessions are listed by Clerk (or local mode's .data/local-auth/sessions); Convex tokens live five minutes.",
    },
  });

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90m", "1h", "7d" in ms; a 422 naming `since` otherwise. */
export function sinceMs(value: string): number {
  const m = /^(\d+)([mhd])$/.exec(value.trim());
  if (!m || Number(m[1]) < 1) throw new FieldError("Give a period such as 30m, 1h or 7d.", "since");
  return Number(m[1]) * UNITS[m[2]];
}

/** GET tenants/:slug/slow-queries?since=1h&limit=20: the slowest Convex functions for the tenant (count, p50, p95, max). */
export const slowQueries: Handler = async (op, request, slug) => {
  const q = new URL(request.url).searchParams;
  const limit = q.get("limit") === null ? 20 : Number(q.get("limit"));
  if (!Number.isInteger(limit)) throw new FieldError("The limit must be a whole number from 1 to 200.", "limit");
  return ok(await op.query(api.admin.timings.slowQueries, { slug, sinceMs: sinceMs(q.get("since") ?? "1h"), limit }));
};
