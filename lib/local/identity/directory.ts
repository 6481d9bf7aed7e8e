import { createHash } from "node:crypto";
import { z } from "zod";
import type { StaffRole } from "../../server/auth/types";

/**
 * The local identity provider's user directory: what Clerk would know about a user
 * (name, public-metadata platform role). Memberships are not here: they live in Convex,
 * exactly as they do in cloud mode. The seed and the sign-in page read this list.
 */
export type DemoUser = {
  email: string;
  name: string;
  platformRole: StaffRole | null;
  /** Shown on the sign-in page next to the user. */
  description: string;
};

export const DEMO_USERS: readonly DemoUser[] = [
  { email: "owner@acme.test", name: "Ava Thompson", platformRole: null, description: "Owner · Acme" },
  { email: "admin@acme.test", name: "Ben Carter", platformRole: null, description: "Admin · Acme" },
  { email: "member@acme.test", name: "Chloe Nguyen", platformRole: null, description: "Member · Acme" },
  { email: "viewer@acme.test", name: "Daniel Okafor", platformRole: null, description: "Viewer · Acme" },
  { email: "owner@globex.test", name: "Grace Lee", platformRole: null, description: "Owner · Globex" },
  { email: "member@globex.test", name: "Omar Haddad", platformRole: null, description: "Member · Globex" },
  { email: "owner@initech.test", name: "Bill Lumbergh", platformRole: null, description: "Owner · Initech (trial)" },
  { email: "owner@umbrella.test", name: "Olivia Wesker", platformRole: null, description: "Owner · Umbrella (suspended)" },
  { email: "staff@tenantry.test", name: "Sam Rivera", platformRole: "admin", description: "Platform admin" },
  { email: "support@tenantry.test", name: "Priya Shah", platformRole: "support", description: "Platform support · read-only" },
];

export type LocalUser = { userId: string; email: string; name: string; platformRole: StaffRole | null };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What sign-in accepts: any syntactically valid email, normalized. */
export const signInEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "Enter an email address, e.g. owner@acme.test" }).max(254));

/**
 * Stable id for an email, shaped like Clerk's `user_...` ids. Deterministic so the seed
 * can create users that a later sign-in maps onto, without any shared state.
 */
export function localUserId(email: string): string {
  const digest = createHash("sha256").update(normalizeEmail(email)).digest("hex");
  return `user_local_${digest.slice(0, 24)}`;
}

/** A demo user as listed, or a new user (no platform role) named after the email. */
export function localUser(email: string): LocalUser {
  const normalized = normalizeEmail(email);
  const demo = DEMO_USERS.find((u) => u.email === normalized);
  const fallbackName = normalized
    .split("@")[0]!
    .split(/[._+-]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join(" ");
  return {
    userId: localUserId(normalized),
    email: normalized,
    name: demo?.name ?? (fallbackName || normalized),
    platformRole: demo?.platformRole ?? null,
  };
}
