import "server-only";
import { QUOTA_KEYS, isPlanId, type PlanId, type QuotaOverrides } from "@/lib/domain/plans";
import { TENANT_STATUSES } from "@/lib/domain/tenant-status";

/**
 * Type checks at the API's edge, so a wrong JSON type is a 422 naming the field
 * (not a Convex validator crash); the rules themselves (names, slugs, emails,
 * quota ranges, budgets) stay in the Convex functions, which give the console's
 * messages.
 */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

export function text(body: Body, field: string, required: true): string;
export function text(body: Body, field: string, required?: false): string | undefined;
export function text(body: Body, field: string, required = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw new FieldError(`${field} is required.`, field);
    return undefined;
  }
  if (typeof value !== "string") throw new FieldError(`${field} must be a string.`, field);
  return value;
}

export function plan(value: string | undefined | null, field = "plan"): PlanId {
  if (!value) throw new FieldError("plan is required.", field);
  if (!isPlanId(value)) throw new FieldError(`Unknown plan "${value}": choose starter, pro or enterprise.`, field);
  return value;
}

export function status(value: string | null): (typeof TENANT_STATUSES)[number] | undefined {
  if (!value) return undefined;
  if (!(TENANT_STATUSES as readonly string[]).includes(value))
    throw new FieldError(`Unknown status "${value}": choose ${TENANT_STATUSES.join(", ")}.`, "status");
  return value as (typeof TENANT_STATUSES)[number];
}

/** A number, null (unlimited / no budget) or absent. */
export function numberOrNull(body: Body, field: string): number | null | undefined {
  const value = body[field];
  if (value === undefined || value === null) return value;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new FieldError(`${field} must be a number or null.`, field);
  return value;
}

export function overrides(body: Body): QuotaOverrides | undefined {
  const value = body.overrides;
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new FieldError("overrides must be an object.", "overrides");
  const out: QuotaOverrides = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(QUOTA_KEYS as readonly string[]).includes(key))
      throw new FieldError(`Unknown quota "${key}": use ${QUOTA_KEYS.join(", ")}.`, `overrides.${key}`);
    if (v !== null && (typeof v !== "number" || !Number.isFinite(v)))
      throw new FieldError(`The ${key} override must be a number or null.`, `overrides.${key}`);
    out[key as keyof QuotaOverrides] = v as number | null;
  }
  return out;
}
