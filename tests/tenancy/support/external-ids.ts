/**
 * The isolation matrix's external-id column. An argument that carries an id
 * from an outside system (Stripe customers, subscriptions, prices, invoices,
 * checkout and portal sessions, events; Clerk users and organizations; Svix
 * message ids) is found by its name in the function's validator, and its
 * matrix entry must say which door keeps it (docs/security.md):
 *
 * - "system": only with the system secret, called by the Next server after it
 *   created the object or verified the webhook that named it;
 * - "staff": platform staff, who see every tenant by design (still audited);
 * - "owned": a tenant or user function that checks the id belongs to the
 *   caller's tenant, so another tenant's id is answered like a missing one.
 *
 * A new function with such an argument and no declaration fails the matrix.
 */
import type { Value } from "convex/values";
import type { PublicFunction } from "./functions";

export type ExternalDoor = "system" | "staff" | "owned";
export type ExternalKind =
  "customer" | "subscription" | "invoice" | "price" | "checkoutSession" | "session" | "event" | "clerkUser" | "clerkOrg";
/** One id of each kind: tenant B's real ones, or ones no tenant has. */
export type ExternalIds = Record<ExternalKind, string>;

type Validator = { type: string; value?: unknown };

/** Names that carry an outside system's id (the last segment of the argument's path). */
const EXTERNAL_NAME =
  /^(?:stripe\w*|clerk\w*|svix\w*|subject|\w*(?:customer|subscription|invoice|price|session|checkout|portal|event|org|organization|msg|message|paymentMethod)Id)$/i;
/** `id` inside an object named after a Stripe object (`invoice.id`, `event.id`). */
const OBJECT_NAME = /^(?:event|invoice|subscription|session|customer|price|checkout|portal)$/i;

/** The argument paths ("customerId", "invoice.customerId", "data") of `fn` that may carry an external id. */
export function externalIdArgs(fn: Pick<PublicFunction, "args">): string[] {
  const out: string[] = [];
  const walk = (v: Validator | undefined, path: string[]) => {
    if (!v) return;
    const name = path.at(-1) ?? "";
    switch (v.type) {
      case "object":
        for (const [k, f] of Object.entries(v.value as Record<string, { fieldType: Validator }>)) walk(f.fieldType, [...path, k]);
        return;
      case "union":
        for (const m of v.value as Validator[]) walk(m, path);
        return;
      case "array":
        walk(v.value as Validator, [...path.slice(0, -1), `${name}[]`]);
        return;
      case "record":
      case "any":
        // Free-form data could carry anything, ids included: the entry has to say who may send it.
        if (path.length > 0) out.push(path.join("."));
        return;
      case "string": {
        const parent = (path.at(-2) ?? "").replace(/\[\]$/, "");
        if (EXTERNAL_NAME.test(name) || (name === "id" && OBJECT_NAME.test(parent))) out.push(path.join("."));
        return;
      }
    }
  };
  walk(fn.args, []);
  return [...new Set(out)];
}

/** Which outside id an argument path is (for picking tenant B's id of that kind). */
export function kindOf(path: string): ExternalKind {
  const p = path.toLowerCase();
  if (/subject|clerkuser|clerkid/.test(p)) return "clerkUser";
  if (/org/.test(p)) return "clerkOrg";
  if (/invoice/.test(p)) return "invoice";
  if (/subscription/.test(p)) return "subscription";
  if (/customer/.test(p)) return "customer";
  if (/price/.test(p)) return "price";
  if (/checkout|^session\./.test(p)) return "checkoutSession";
  if (/session/.test(p)) return "session";
  return "event";
}

/** The problems with `fn`'s entry: external-id arguments it does not declare, or declares behind the wrong door. */
export function externalIdProblems(
  fn: Pick<PublicFunction, "name" | "args">,
  entry: { kind: string; externalIds?: Record<string, ExternalDoor> } | undefined,
): string[] {
  const found = externalIdArgs(fn);
  const declared = entry?.externalIds ?? {};
  const problems = found.filter((p) => !declared[p]).map((p) => `${fn.name}: ${p} takes an external id without an externalIds declaration`);
  for (const [path, door] of Object.entries(declared)) {
    if (!found.includes(path)) problems.push(`${fn.name}: declares ${path}, which it does not take`);
    const fits =
      door === "system"
        ? entry?.kind === "system"
        : door === "staff"
          ? entry?.kind === "staff"
          : entry?.kind === "tenant" || entry?.kind === "user";
    if (!fits) problems.push(`${fn.name}: ${path} is declared "${door}" but the function sits behind the ${entry?.kind ?? "no"} door`);
  }
  return problems;
}

/** `args` with the value at `path` replaced (object paths only; ids inside arrays are left to the entry's own cases). */
export function withValueAt(args: Record<string, Value>, path: string, value: string): Record<string, Value> | null {
  if (path.includes("[]")) return null;
  const keys = path.split(".");
  const copy = structuredClone(args) as Record<string, Value>;
  let node = copy as Record<string, Value>;
  for (const k of keys.slice(0, -1)) {
    if (typeof node[k] !== "object" || node[k] === null) node[k] = {};
    node = node[k] as Record<string, Value>;
  }
  node[keys.at(-1)!] = value;
  return copy;
}
