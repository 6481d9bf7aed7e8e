import "server-only";
import { fetchMutation } from "convex/nextjs";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";

/**
 * Convex system mutations as the Next server calls them: with the shared
 * system secret (TENANTRY_SYSTEM_SECRET) that systemMutation checks.
 */
type SystemMutation = FunctionReference<"mutation", "public", { secret: string }>;

export type SystemConvex = {
  mutation<F extends SystemMutation>(ref: F, args: Omit<FunctionArgs<F>, "secret">): Promise<FunctionReturnType<F>>;
};

export function systemConvex(url: string, secret: string): SystemConvex {
  return {
    // The generic F cannot be narrowed through Convex's ArgsAndOptions; the call is checked at each use above.
    mutation: (ref, args) => (fetchMutation as unknown as (r: SystemMutation, a: object, o: { url: string }) => Promise<never>)(ref, { ...args, secret }, { url }),
  };
}
