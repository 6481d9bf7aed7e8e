/** Tenant slugs: lower-case words joined by single hyphens, 3 to 40 characters. */
import { appError } from "./errors";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RESERVED = new Set(["admin", "api", "new", "sign-in", "sign-out", "settings", "t"]);

export function validateSlug(slug: string, field = "slug") {
  if (slug.length < 3 || slug.length > 40) throw appError("INVALID", "The URL name must be 3 to 40 characters.", field);
  if (!SLUG.test(slug)) throw appError("INVALID", "Use lower-case letters, digits and single hyphens (e.g. acme-corp).", field);
  if (RESERVED.has(slug)) throw appError("INVALID", `"${slug}" is reserved; choose another URL name.`, field);
}

export function validateName(name: string, field = "name") {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 80) throw appError("INVALID", "The name must be 2 to 80 characters.", field);
  return trimmed;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function validateEmail(email: string, field = "email") {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL.test(normalized) || normalized.length > 254) throw appError("INVALID", "Enter a valid email address.", field);
  return normalized;
}
