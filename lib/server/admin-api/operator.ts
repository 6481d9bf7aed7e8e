import "server-only";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { asUser } from "@/lib/server/convex/gateway";

/**
 * Who calls the admin API: an operator, acting through the same staff Convex
 * functions (and so the same permissions and audit entries) as the admin
 * console. Today the credential is the staff member's own Convex token, sent
 * as `Authorization: Bearer <token>`; it is passed on to Convex untouched and
 * the system secret is never involved, so the API can do nothing its caller
 * could not do in the console.
 */
export type Operator = {
  query<Q extends FunctionReference<"query">>(ref: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q>>;
  mutation<M extends FunctionReference<"mutation">>(ref: M, args: FunctionArgs<M>): Promise<FunctionReturnType<M>>;
};

/** How a request becomes an operator, or null when it carries no credential (tests swap in convex-local identities). */
export type OperatorOf = (request: Request) => Operator | null;

export const bearerOperator: OperatorOf = (request) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? asUser(match[1]) : null;
};
