/**
 * Field rules for the tenant portal's forms, as pure functions that return the
 * problem (or null). The browser runs them before sending; the Convex
 * functions run the same ones again, so both sides always say the same thing.
 */
import { ROLES, type Role } from "./permissions";

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RESERVED_SLUGS = new Set(["admin", "api", "new", "sign-in", "sign-out", "settings", "t", "invite", "restore"]);
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function slugProblem(slug: string): string | null {
  if (slug.length < 3 || slug.length > 40) return "The URL name must be 3 to 40 characters.";
  if (!SLUG_PATTERN.test(slug)) return "Use lower-case letters, digits and single hyphens (e.g. acme-corp).";
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved; choose another URL name.`;
  return null;
}

export function tenantNameProblem(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length < 2 || trimmed.length > 80 ? "The name must be 2 to 80 characters." : null;
}

export function agentNameProblem(name: string): string | null {
  const trimmed = name.trim();
  return trimmed.length < 1 || trimmed.length > 80 ? "The agent name must be 1 to 80 characters." : null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string): string | null {
  const normalized = normalizeEmail(email);
  if (normalized.length === 0) return "Enter an email address.";
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
  return trimmed.length < 1 || trimmed.length > 60 ? "The department name must be 1 to 60 characters." : null;
}

export function costCenterProblem(code: string): string | null {
  const trimmed = code.trim();
  if (trimmed.length < 1 || trimmed.length > 20) return "The cost center must be 1 to 20 characters.";
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(trimmed) ? null : "Use letters, digits, dots, hyphens or underscores (e.g. CC-100).";
}
