import "server-only";
import { fetchMutation, fetchQuery } from "convex/nextjs";
import type { FunctionArgs, FunctionReference, FunctionReturnType } from "convex/server";
import { api } from "@/convex/_generated/api";
import { asUser, systemConvex } from "@/lib/server/convex/gateway";
import { getEnv } from "@/lib/server/env";
import { timeCall } from "./timings";

/**
 * Who calls the admin API: an operator, acting through the same staff Convex
 * functions (and so the same permissions and audit entries) as the admin
 * console. Two credentials, both sent as `Authorization: Bearer <token>`:
 * - a platform token (`tnry_pat_...`, made in the console): checked and its use
 *   recorded by admin/tokens:use, then passed to every staff function as
 *   `operatorToken`, which runs as the token's owner (read only for support tokens);
 * - a staff member's own Convex token (the console's session): passed on untouched.
 * The system secret only records the use; it never widens what a call may do.
 */
export type Operator = {
  query<Q extends FunctionReference<"query">>(ref: Q, args: FunctionArgs<Q>): Promise<FunctionReturnType<Q>>;
  mutation<M extends FunctionReference<"mutation">>(ref: M, args: FunctionArgs<M>): Promise<FunctionReturnType<M>>;
};

/** How a request becomes an operator, or null when it carries no credential (tests swap in convex-local identities). */
export type OperatorOf = (request: Request, path: string) => Operator | null | Promise<Operator | null>;

export const PLATFORM_TOKEN_PREFIX = "tnry_pat_";

/** Records one use of a platform token; throws the door's UNAUTHENTICATED for a dead one. */
export type RecordUse = (args: { token: string; method: string; path: string }) => Promise<unknown>;

/** Every call of `anonymous` (a client with no identity) carries the platform token. */
export async function platformTokenOperator(token: string, request: Request, path: string, record: RecordUse, anonymous: Operator) {
  await record({ token, method: request.method, path });
  const withToken = <A>(args: A) => ({ ...args, operatorToken: token });
  return {
    query: (ref, args) => anonymous.query(ref, withToken(args)),
    mutation: (ref, args) => anonymous.mutation(ref, withToken(args)),
  } satisfies Operator as Operator;
}

type Call = (ref: FunctionReference<"query" | "mutation">, args: object, o: { url: string }) => Promise<never>;

export const bearerOperator: OperatorOf = async (request, path) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match) return null;
  const token = match[1];
  if (!token.startsWith(PLATFORM_TOKEN_PREFIX)) return asUser(token);
  const { convex, systemSecret } = getEnv();
  if (!systemSecret) throw new Error("TENANTRY_SYSTEM_SECRET is not set, so platform tokens cannot be checked (npm start sets it).");
  const options = { url: convex.url };
  const anonymous: Operator = {
    query: (ref, args) => timeCall(ref, args, (fetchQuery as unknown as Call)(ref, args, options)),
    mutation: (ref, args) => timeCall(ref, args, (fetchMutation as unknown as Call)(ref, args, options)),
  };
  return platformTokenOperator(
    token,
    request,
    path,
    (args) => systemConvex(convex.url, systemSecret).mutation(api.admin.tokens.use, args),
    anonymous,
  );
};
