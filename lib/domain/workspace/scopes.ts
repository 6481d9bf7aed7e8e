/**
 * Access scopes (seed 001): every workspace row, API key and agent belongs to
 * one environment (`production` unless an admin made others) and optionally one
 * team. A scope is a partition: a key reads and writes only rows of exactly its
 * own scope, so a staging key never touches production rows and a key of team
 * `sales` never sees `engineering`'s (nor team-less rows).
 */
export const DEFAULT_ENVIRONMENT = "production";
export const MAX_ENVIRONMENTS = 20;
export const MAX_TEAMS = 100;
const SCOPE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export type Scope = { environment: string; team: string | null };

/** Null when `name` is a valid environment or team name, otherwise why not. */
export function scopeNameProblem(name: string, what: "environment" | "team"): string | null {
  if (!SCOPE_NAME.test(name)) return `A ${what} name is 1 to 32 lowercase letters, digits or hyphens, starting with a letter.`;
  return null;
}

/** The partition key stored on every workspace row: `production:` or `staging:sales`. */
export const scopeKey = (s: Scope) => `${s.environment}:${s.team ?? ""}`;

export function scopeOfKey(key: string): Scope {
  const i = key.indexOf(":");
  return { environment: key.slice(0, i), team: key.slice(i + 1) || null };
}
