/**
 * The Convex side of the portal's field rules: the rules themselves live once
 * in lib/domain/validation.ts (the browser runs the same ones); these throw them as
 * INVALID naming the field. Every path that creates or renames a tenant
 * (tenants:create, onboarding:create, settings:changeSlug, the Clerk mirror)
 * goes through `slugProblem`, so one word list decides.
 */
import { appError } from "./errors";
import { emailProblem, normalizeEmail, slugProblem, tenantNameProblem } from "../../lib/domain/validation";

/** Throws INVALID (naming `field`) when the rule returned a problem. */
export function refuse(problem: string | null, field: string) {
  if (problem) throw appError("INVALID", problem, field);
}

export function validateSlug(slug: string, field = "slug") {
  refuse(slugProblem(slug), field);
}

export function validateName(name: string, field = "name") {
  refuse(tenantNameProblem(name), field);
  return name.trim();
}

export function validateEmail(email: string, field = "email") {
  refuse(emailProblem(email), field);
  return normalizeEmail(email);
}
