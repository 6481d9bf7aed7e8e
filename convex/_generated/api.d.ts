/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as agents from "../agents.js";
import type * as lib_access from "../lib/access.js";
import type * as lib_audit from "../lib/audit.js";
import type * as lib_counters from "../lib/counters.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_latency from "../lib/latency.js";
import type * as lib_quotas from "../lib/quotas.js";
import type * as lib_rls from "../lib/rls.js";
import type * as lib_slugs from "../lib/slugs.js";
import type * as lib_tables from "../lib/tables.js";
import type * as lib_usage from "../lib/usage.js";
import type * as seed from "../seed.js";
import type * as tenants from "../tenants.js";
import type * as users from "../users.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  agents: typeof agents;
  "lib/access": typeof lib_access;
  "lib/audit": typeof lib_audit;
  "lib/counters": typeof lib_counters;
  "lib/errors": typeof lib_errors;
  "lib/functions": typeof lib_functions;
  "lib/latency": typeof lib_latency;
  "lib/quotas": typeof lib_quotas;
  "lib/rls": typeof lib_rls;
  "lib/slugs": typeof lib_slugs;
  "lib/tables": typeof lib_tables;
  "lib/usage": typeof lib_usage;
  seed: typeof seed;
  tenants: typeof tenants;
  users: typeof users;
}>;

/**
 * A utility for referencing Convex functions in your app's public API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;

/**
 * A utility for referencing Convex functions in your app's internal API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = internal.myModule.myFunction;
 * ```
 */
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;

export declare const components: {};
