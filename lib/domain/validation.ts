/**
 * Field rules for the tenant portal's forms, as pure functions that return the
 * problem (or null). The browser runs them before sending; the Convex
 * functions run the same ones again, so both sides always say the same thing.
 */
import { ROLES, type Role } from "./permissions";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Top-level route names a workspace URL must never shadow. */
export const RESERVED_SLUGS = new Set(["admin", "api", "new", "sign-in", "sign-out", "settings", "t", "invite", "restore"]);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Characters no user-visible string may hold: C0 and C1 controls and DEL (a NUL
 * cuts strings short downstream, ESC drives terminals), the bidi embeddings,
 * overrides and isolates U+202A-202E and U+2066-2069 and the marks U+200E,
 * U+200F and U+061C (they reorder what a reader sees, so "gpj.exe" can show as
 * "exe.jpg"), and lone surrogates (not text at all: encoders replace or refuse
 * them). With the `u` flag a surrogate range matches only unpaired halves.
 */
const UNSAFE_CHAR = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;

const codePoint = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The one rule for every user-visible string (names, emails, reasons,
 * descriptions): null, or why not, naming the character. `label` starts the
 * sentence ("The name", "The billing email").
 */
export function textProblem(value: string, label: string): string | null {
  const bad = UNSAFE_CHAR.exec(value)?.[0];
  return bad === undefined ? null : `${label} contains an invisible control or text-direction character (${codePoint(bad)}); remove it.`;
}

/**
 * The same rule for text another system already holds (a Clerk user or
 * organization name): its unsafe characters are dropped rather than refused,
 * so the mirror stays in step with the source.
 */
export function withoutUnsafeText(value: string): string {
  return value.replace(new RegExp(UNSAFE_CHAR.source, "gu"), "");
}

export function slugProblem(slug: string): string | null {
  if (slug.length < 3 || slug.length > 40) return "The URL name must be 3 to 40 characters.";
  if (!SLUG_PATTERN.test(slug)) return "Use lower-case letters, digits and single hyphens (e.g. acme-corp).";
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved; choose another URL name.`;
  return null;
}

export function tenantNameProblem(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length < 2 || trimmed.length > 80 ? "The name must be 2 to 80 characters." : textProblem(name, "The name");
}

export function agentNameProblem(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length < 1 || trimmed.length > 80 ? "The agent name must be 1 to 80 characters." : textProblem(name, "The agent name");
}

/** A person's display name (invitations): optional, so empty passes. */
export function personNameProblem(name: string): string | null {
  return name.trim().length > 80 ? "The name must be at most 80 characters." : textProblem(name, "The name");
}

/** Free text written into the audit log and shown to others (reasons, notes). */
export function reasonProblem(reason: string): string | null {
  const trimmed = reason.trim();
  return trimmed.length < 3 || trimmed.length > 500
    ? "Give a reason of 3 to 500 characters; it goes into the audit log."
    : textProblem(reason, "The reason");
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): string | null {
  const normalized = normalizeEmail(email);
  if (normalized.length === 0) return "Enter an email address.";
  if (textProblem(email, "The email address")) return textProblem(email, "The email address");
  return EMAIL_PATTERN.test(normalized) && normalized.length <= 254 ? null : "Enter a valid email address.";
}

export function roleProblem(role: string): string | null {
  return (ROLES as readonly string[]).includes(role) ? null : `The role must be one of: ${ROLES.join(", ")}.`;
}

export function isRole(role: string): role is Role {
  return roleProblem(role) === null;
}

/** Largest monthly budget accepted: $10M, far above any plan, well inside safe integers. */
export const MAX_BUDGET_CENTS = 1_000_000_000;

/** Parses a dollar amount typed by a person ("1,250.50", "$80") into integer cents. */
export function parseDollars(input: string): { cents: number | null; problem: string | null } {
  const cleaned = input.trim().replace(/^\$/, "").replace(/,/g, "");
  if (cleaned === "") return { cents: null, problem: null };
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return { cents: null, problem: "Enter an amount in dollars, e.g. 1000 or 1250.50." };
  const cents = Math.round(Number(cleaned) * 100);
  return cents > MAX_BUDGET_CENTS ? { cents: null, problem: "The budget must be at most $10,000,000." } : { cents, problem: null };
}

export function budgetCentsProblem(cents: number | null): string | null {
  if (cents === null) return null;
  if (!Number.isInteger(cents) || cents < 0) return "The budget must be a whole number of cents, zero or more.";
  return cents > MAX_BUDGET_CENTS ? "The budget must be at most $10,000,000." : null;
}

export function departmentNameProblem(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length < 1 || trimmed.length > 60
    ? "The department name must be 1 to 60 characters."
    : textProblem(name, "The department name");
}

export function costCenterProblem(code: string): string | null {
  const trimmed = code.trim();
  if (trimmed.length < 1 || trimmed.length > 20) return "The cost center must be 1 to 20 characters.";
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(trimmed) ? null : "Use letters, digits, dots, hyphens or underscores (e.g. CC-100).";
}
