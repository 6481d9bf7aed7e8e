/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as adminActions from "../adminActions.js";
import type * as adminAudit from "../adminAudit.js";
import type * as adminBench from "../adminBench.js";
import type * as adminExport from "../adminExport.js";
import type * as adminPurge from "../adminPurge.js";
import type * as adminTenant from "../adminTenant.js";
import type * as adminTenants from "../adminTenants.js";
import type * as adminWebhooks from "../adminWebhooks.js";
import type * as agents from "../agents.js";
import type * as apiKeys from "../apiKeys.js";
import type * as billing from "../billing.js";
import type * as billingAdmin from "../billingAdmin.js";
import type * as billingDunning from "../billingDunning.js";
import type * as clerk from "../clerk.js";
import type * as conversations from "../conversations.js";
import type * as crons from "../crons.js";
import type * as departments from "../departments.js";
import type * as exports from "../exports.js";
import type * as invitationImport from "../invitationImport.js";
import type * as invitationLinks from "../invitationLinks.js";
import type * as invitations from "../invitations.js";
import type * as jobsCommon from "../jobsCommon.js";
import type * as jobsHealth from "../jobsHealth.js";
import type * as jobsMaintenance from "../jobsMaintenance.js";
import type * as jobsRetention from "../jobsRetention.js";
import type * as jobsRetentionExternal from "../jobsRetentionExternal.js";
import type * as jobsTrial from "../jobsTrial.js";
import type * as lib_access from "../lib/access.js";
import type * as lib_apiDoor from "../lib/apiDoor.js";
import type * as lib_audit from "../lib/audit.js";
import type * as lib_billing_bill from "../lib/billing/bill.js";
import type * as lib_billing_budget from "../lib/billing/budget.js";
import type * as lib_billing_events from "../lib/billing/events.js";
import type * as lib_billing_notify from "../lib/billing/notify.js";
import type * as lib_billing_records from "../lib/billing/records.js";
import type * as lib_billing_sync from "../lib/billing/sync.js";
import type * as lib_billing_validators from "../lib/billing/validators.js";
import type * as lib_counters from "../lib/counters.js";
import type * as lib_deletion from "../lib/deletion.js";
import type * as lib_directoryPage from "../lib/directoryPage.js";
import type * as lib_directorySearch from "../lib/directorySearch.js";
import type * as lib_errors from "../lib/errors.js";
import type * as lib_files from "../lib/files.js";
import type * as lib_functions from "../lib/functions.js";
import type * as lib_keyset from "../lib/keyset.js";
import type * as lib_latency from "../lib/latency.js";
import type * as lib_newTenant from "../lib/newTenant.js";
import type * as lib_paging from "../lib/paging.js";
import type * as lib_platformRead from "../lib/platformRead.js";
import type * as lib_platformStats from "../lib/platformStats.js";
import type * as lib_quotas from "../lib/quotas.js";
import type * as lib_rls from "../lib/rls.js";
import type * as lib_slugs from "../lib/slugs.js";
import type * as lib_tables from "../lib/tables.js";
import type * as lib_tenantActivity from "../lib/tenantActivity.js";
import type * as lib_usage from "../lib/usage.js";
import type * as lib_usageDays from "../lib/usageDays.js";
import type * as lifecycle from "../lifecycle.js";
import type * as onboarding from "../onboarding.js";
import type * as overview from "../overview.js";
import type * as platformBackfill from "../platformBackfill.js";
import type * as platformOverview from "../platformOverview.js";
import type * as rateLimit from "../rateLimit.js";
import type * as runtime from "../runtime.js";
import type * as runtimeFiles from "../runtimeFiles.js";
import type * as runtimeIdempotency from "../runtimeIdempotency.js";
import type * as runtimeUsage from "../runtimeUsage.js";
import type * as seed from "../seed.js";
import type * as sessions from "../sessions.js";
import type * as settings from "../settings.js";
import type * as stripeEvents from "../stripeEvents.js";
import type * as stripeInvoices from "../stripeInvoices.js";
import type * as stripeSubscriptions from "../stripeSubscriptions.js";
import type * as team from "../team.js";
import type * as templates from "../templates.js";
import type * as tenants from "../tenants.js";
import type * as usage from "../usage.js";
import type * as usageBackfill from "../usageBackfill.js";
import type * as users from "../users.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  adminActions: typeof adminActions;
  adminAudit: typeof adminAudit;
  adminBench: typeof adminBench;
  adminExport: typeof adminExport;
  adminPurge: typeof adminPurge;
  adminTenant: typeof adminTenant;
  adminTenants: typeof adminTenants;
  adminWebhooks: typeof adminWebhooks;
  agents: typeof agents;
  apiKeys: typeof apiKeys;
  billing: typeof billing;
  billingAdmin: typeof billingAdmin;
  billingDunning: typeof billingDunning;
  clerk: typeof clerk;
  conversations: typeof conversations;
  crons: typeof crons;
  departments: typeof departments;
  exports: typeof exports;
  invitationImport: typeof invitationImport;
  invitationLinks: typeof invitationLinks;
  invitations: typeof invitations;
  jobsCommon: typeof jobsCommon;
  jobsHealth: typeof jobsHealth;
  jobsMaintenance: typeof jobsMaintenance;
  jobsRetention: typeof jobsRetention;
  jobsRetentionExternal: typeof jobsRetentionExternal;
  jobsTrial: typeof jobsTrial;
  "lib/access": typeof lib_access;
  "lib/apiDoor": typeof lib_apiDoor;
  "lib/audit": typeof lib_audit;
  "lib/billing/bill": typeof lib_billing_bill;
  "lib/billing/budget": typeof lib_billing_budget;
  "lib/billing/events": typeof lib_billing_events;
  "lib/billing/notify": typeof lib_billing_notify;
  "lib/billing/records": typeof lib_billing_records;
  "lib/billing/sync": typeof lib_billing_sync;
  "lib/billing/validators": typeof lib_billing_validators;
  "lib/counters": typeof lib_counters;
  "lib/deletion": typeof lib_deletion;
  "lib/directoryPage": typeof lib_directoryPage;
  "lib/directorySearch": typeof lib_directorySearch;
  "lib/errors": typeof lib_errors;
  "lib/files": typeof lib_files;
  "lib/functions": typeof lib_functions;
  "lib/keyset": typeof lib_keyset;
  "lib/latency": typeof lib_latency;
  "lib/newTenant": typeof lib_newTenant;
  "lib/paging": typeof lib_paging;
  "lib/platformRead": typeof lib_platformRead;
  "lib/platformStats": typeof lib_platformStats;
  "lib/quotas": typeof lib_quotas;
  "lib/rls": typeof lib_rls;
  "lib/slugs": typeof lib_slugs;
  "lib/tables": typeof lib_tables;
  "lib/tenantActivity": typeof lib_tenantActivity;
  "lib/usage": typeof lib_usage;
  "lib/usageDays": typeof lib_usageDays;
  lifecycle: typeof lifecycle;
  onboarding: typeof onboarding;
  overview: typeof overview;
  platformBackfill: typeof platformBackfill;
  platformOverview: typeof platformOverview;
  rateLimit: typeof rateLimit;
  runtime: typeof runtime;
  runtimeFiles: typeof runtimeFiles;
  runtimeIdempotency: typeof runtimeIdempotency;
  runtimeUsage: typeof runtimeUsage;
  seed: typeof seed;
  sessions: typeof sessions;
  settings: typeof settings;
  stripeEvents: typeof stripeEvents;
  stripeInvoices: typeof stripeInvoices;
  stripeSubscriptions: typeof stripeSubscriptions;
  team: typeof team;
  templates: typeof templates;
  tenants: typeof tenants;
  usage: typeof usage;
  usageBackfill: typeof usageBackfill;
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
