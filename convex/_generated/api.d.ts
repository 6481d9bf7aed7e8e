/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type * as account_tenants from "../account/tenants.js";
import type * as account_users from "../account/users.js";
import type * as admin_actions from "../admin/actions.js";
import type * as admin_audit from "../admin/audit.js";
import type * as admin_billing from "../admin/billing.js";
import type * as admin_bySlug from "../admin/bySlug.js";
import type * as admin_debug from "../admin/debug.js";
import type * as admin_export from "../admin/export.js";
import type * as admin_globalView from "../admin/globalView.js";
import type * as admin_importUsers from "../admin/importUsers.js";
import type * as admin_invite from "../admin/invite.js";
import type * as admin_migrate from "../admin/migrate.js";
import type * as admin_overview from "../admin/overview.js";
import type * as admin_provision from "../admin/provision.js";
import type * as admin_purge from "../admin/purge.js";
import type * as admin_tenantDetail from "../admin/tenantDetail.js";
import type * as admin_tenants from "../admin/tenants.js";
import type * as admin_timings from "../admin/timings.js";
import type * as admin_tokenDoor from "../admin/tokenDoor.js";
import type * as admin_tokens from "../admin/tokens.js";
import type * as admin_usageReport from "../admin/usageReport.js";
import type * as admin_webhooks from "../admin/webhooks.js";
import type * as billing_account from "../billing/account.js";
import type * as billing_dunning from "../billing/dunning.js";
import type * as billing_events from "../billing/events.js";
import type * as billing_invoices from "../billing/invoices.js";
import type * as billing_seeded from "../billing/seeded.js";
import type * as billing_subscriptions from "../billing/subscriptions.js";
import type * as crons from "../crons.js";
import type * as dev_bench from "../dev/bench.js";
import type * as dev_seed from "../dev/seed.js";
import type * as jobs_health from "../jobs/health.js";
import type * as jobs_maintenance from "../jobs/maintenance.js";
import type * as jobs_migrations from "../jobs/migrations.js";
import type * as jobs_platformBackfill from "../jobs/platformBackfill.js";
import type * as jobs_purgePool from "../jobs/purgePool.js";
import type * as jobs_retention from "../jobs/retention.js";
import type * as jobs_retentionExternal from "../jobs/retentionExternal.js";
import type * as jobs_trial from "../jobs/trial.js";
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
import type * as lib_jobs from "../lib/jobs.js";
import type * as lib_keyset from "../lib/keyset.js";
import type * as lib_latency from "../lib/latency.js";
import type * as lib_moveHook from "../lib/moveHook.js";
import type * as lib_newTenant from "../lib/newTenant.js";
import type * as lib_paging from "../lib/paging.js";
import type * as lib_platformRead from "../lib/platformRead.js";
import type * as lib_platformStats from "../lib/platformStats.js";
import type * as lib_quotas from "../lib/quotas.js";
import type * as lib_rateLimit from "../lib/rateLimit.js";
import type * as lib_rateLimitHint from "../lib/rateLimitHint.js";
import type * as lib_rls from "../lib/rls.js";
import type * as lib_rollupLedger from "../lib/rollupLedger.js";
import type * as lib_schema_moves from "../lib/schema/moves.js";
import type * as lib_schema_notifications from "../lib/schema/notifications.js";
import type * as lib_schema_operator from "../lib/schema/operator.js";
import type * as lib_schema_platform from "../lib/schema/platform.js";
import type * as lib_schema_rollups from "../lib/schema/rollups.js";
import type * as lib_schema_workspace from "../lib/schema/workspace.js";
import type * as lib_slugs from "../lib/slugs.js";
import type * as lib_tables from "../lib/tables.js";
import type * as lib_tenantActivity from "../lib/tenantActivity.js";
import type * as lib_usage from "../lib/usage.js";
import type * as lib_usageDays from "../lib/usageDays.js";
import type * as notifications_center from "../notifications/center.js";
import type * as notifications_farewell from "../notifications/farewell.js";
import type * as notifications_outbox from "../notifications/outbox.js";
import type * as notifications_pager from "../notifications/pager.js";
import type * as notifications_quotaReached from "../notifications/quotaReached.js";
import type * as notifications_send from "../notifications/send.js";
import type * as notifications_staff from "../notifications/staff.js";
import type * as notifications_webhookEndpoints from "../notifications/webhookEndpoints.js";
import type * as notifications_webhookEvents from "../notifications/webhookEvents.js";
import type * as notifications_webhookQueue from "../notifications/webhookQueue.js";
import type * as platform_keyIndex from "../platform/keyIndex.js";
import type * as platform_moveData from "../platform/moveData.js";
import type * as platform_moveIds from "../platform/moveIds.js";
import type * as platform_moves from "../platform/moves.js";
import type * as platform_read from "../platform/read.js";
import type * as platform_registry from "../platform/registry.js";
import type * as platform_rollupReports from "../platform/rollupReports.js";
import type * as platform_routing from "../platform/routing.js";
import type * as portal_agentDetail from "../portal/agentDetail.js";
import type * as portal_agents from "../portal/agents.js";
import type * as portal_apiKeys from "../portal/apiKeys.js";
import type * as portal_apiLimits from "../portal/apiLimits.js";
import type * as portal_conversations from "../portal/conversations.js";
import type * as portal_dataExports from "../portal/dataExports.js";
import type * as portal_departments from "../portal/departments.js";
import type * as portal_exports from "../portal/exports.js";
import type * as portal_invitations_csvImport from "../portal/invitations/csvImport.js";
import type * as portal_invitations_invites from "../portal/invitations/invites.js";
import type * as portal_invitations_links from "../portal/invitations/links.js";
import type * as portal_lifecycle from "../portal/lifecycle.js";
import type * as portal_onboarding from "../portal/onboarding.js";
import type * as portal_overview from "../portal/overview.js";
import type * as portal_settings from "../portal/settings.js";
import type * as portal_team from "../portal/team.js";
import type * as portal_templates from "../portal/templates.js";
import type * as portal_usage from "../portal/usage.js";
import type * as runtime_files from "../runtime/files.js";
import type * as runtime_idempotency from "../runtime/idempotency.js";
import type * as runtime_sessions from "../runtime/sessions.js";
import type * as runtime_status from "../runtime/status.js";
import type * as runtime_usage from "../runtime/usage.js";
import type * as webhooks_clerk from "../webhooks/clerk.js";
import type * as workspace_browse from "../workspace/browse.js";
import type * as workspace_conversationRows from "../workspace/conversationRows.js";
import type * as workspace_conversations from "../workspace/conversations.js";
import type * as workspace_dispatch from "../workspace/dispatch.js";
import type * as workspace_embeddings from "../workspace/embeddings.js";
import type * as workspace_memories from "../workspace/memories.js";
import type * as workspace_messages from "../workspace/messages.js";
import type * as workspace_migrations from "../workspace/migrations.js";
import type * as workspace_missions from "../workspace/missions.js";
import type * as workspace_recall from "../workspace/recall.js";
import type * as workspace_scopes from "../workspace/scopes.js";
import type * as workspace_scoping from "../workspace/scoping.js";
import type * as workspace_settings from "../workspace/settings.js";
import type * as workspace_tasks from "../workspace/tasks.js";

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";

declare const fullApi: ApiFromModules<{
  "account/tenants": typeof account_tenants;
  "account/users": typeof account_users;
  "admin/actions": typeof admin_actions;
  "admin/audit": typeof admin_audit;
  "admin/billing": typeof admin_billing;
  "admin/bySlug": typeof admin_bySlug;
  "admin/debug": typeof admin_debug;
  "admin/export": typeof admin_export;
  "admin/globalView": typeof admin_globalView;
  "admin/importUsers": typeof admin_importUsers;
  "admin/invite": typeof admin_invite;
  "admin/migrate": typeof admin_migrate;
  "admin/overview": typeof admin_overview;
  "admin/provision": typeof admin_provision;
  "admin/purge": typeof admin_purge;
  "admin/tenantDetail": typeof admin_tenantDetail;
  "admin/tenants": typeof admin_tenants;
  "admin/timings": typeof admin_timings;
  "admin/tokenDoor": typeof admin_tokenDoor;
  "admin/tokens": typeof admin_tokens;
  "admin/usageReport": typeof admin_usageReport;
  "admin/webhooks": typeof admin_webhooks;
  "billing/account": typeof billing_account;
  "billing/dunning": typeof billing_dunning;
  "billing/events": typeof billing_events;
  "billing/invoices": typeof billing_invoices;
  "billing/seeded": typeof billing_seeded;
  "billing/subscriptions": typeof billing_subscriptions;
  crons: typeof crons;
  "dev/bench": typeof dev_bench;
  "dev/seed": typeof dev_seed;
  "jobs/health": typeof jobs_health;
  "jobs/maintenance": typeof jobs_maintenance;
  "jobs/migrations": typeof jobs_migrations;
  "jobs/platformBackfill": typeof jobs_platformBackfill;
  "jobs/purgePool": typeof jobs_purgePool;
  "jobs/retention": typeof jobs_retention;
  "jobs/retentionExternal": typeof jobs_retentionExternal;
  "jobs/trial": typeof jobs_trial;
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
  "lib/jobs": typeof lib_jobs;
  "lib/keyset": typeof lib_keyset;
  "lib/latency": typeof lib_latency;
  "lib/moveHook": typeof lib_moveHook;
  "lib/newTenant": typeof lib_newTenant;
  "lib/paging": typeof lib_paging;
  "lib/platformRead": typeof lib_platformRead;
  "lib/platformStats": typeof lib_platformStats;
  "lib/quotas": typeof lib_quotas;
  "lib/rateLimit": typeof lib_rateLimit;
  "lib/rateLimitHint": typeof lib_rateLimitHint;
  "lib/rls": typeof lib_rls;
  "lib/rollupLedger": typeof lib_rollupLedger;
  "lib/schema/moves": typeof lib_schema_moves;
  "lib/schema/notifications": typeof lib_schema_notifications;
  "lib/schema/operator": typeof lib_schema_operator;
  "lib/schema/platform": typeof lib_schema_platform;
  "lib/schema/rollups": typeof lib_schema_rollups;
  "lib/schema/workspace": typeof lib_schema_workspace;
  "lib/slugs": typeof lib_slugs;
  "lib/tables": typeof lib_tables;
  "lib/tenantActivity": typeof lib_tenantActivity;
  "lib/usage": typeof lib_usage;
  "lib/usageDays": typeof lib_usageDays;
  "notifications/center": typeof notifications_center;
  "notifications/farewell": typeof notifications_farewell;
  "notifications/outbox": typeof notifications_outbox;
  "notifications/pager": typeof notifications_pager;
  "notifications/quotaReached": typeof notifications_quotaReached;
  "notifications/send": typeof notifications_send;
  "notifications/staff": typeof notifications_staff;
  "notifications/webhookEndpoints": typeof notifications_webhookEndpoints;
  "notifications/webhookEvents": typeof notifications_webhookEvents;
  "notifications/webhookQueue": typeof notifications_webhookQueue;
  "platform/keyIndex": typeof platform_keyIndex;
  "platform/moveData": typeof platform_moveData;
  "platform/moveIds": typeof platform_moveIds;
  "platform/moves": typeof platform_moves;
  "platform/read": typeof platform_read;
  "platform/registry": typeof platform_registry;
  "platform/rollupReports": typeof platform_rollupReports;
  "platform/routing": typeof platform_routing;
  "portal/agentDetail": typeof portal_agentDetail;
  "portal/agents": typeof portal_agents;
  "portal/apiKeys": typeof portal_apiKeys;
  "portal/apiLimits": typeof portal_apiLimits;
  "portal/conversations": typeof portal_conversations;
  "portal/dataExports": typeof portal_dataExports;
  "portal/departments": typeof portal_departments;
  "portal/exports": typeof portal_exports;
  "portal/invitations/csvImport": typeof portal_invitations_csvImport;
  "portal/invitations/invites": typeof portal_invitations_invites;
  "portal/invitations/links": typeof portal_invitations_links;
  "portal/lifecycle": typeof portal_lifecycle;
  "portal/onboarding": typeof portal_onboarding;
  "portal/overview": typeof portal_overview;
  "portal/settings": typeof portal_settings;
  "portal/team": typeof portal_team;
  "portal/templates": typeof portal_templates;
  "portal/usage": typeof portal_usage;
  "runtime/files": typeof runtime_files;
  "runtime/idempotency": typeof runtime_idempotency;
  "runtime/sessions": typeof runtime_sessions;
  "runtime/status": typeof runtime_status;
  "runtime/usage": typeof runtime_usage;
  "webhooks/clerk": typeof webhooks_clerk;
  "workspace/browse": typeof workspace_browse;
  "workspace/conversationRows": typeof workspace_conversationRows;
  "workspace/conversations": typeof workspace_conversations;
  "workspace/dispatch": typeof workspace_dispatch;
  "workspace/embeddings": typeof workspace_embeddings;
  "workspace/memories": typeof workspace_memories;
  "workspace/messages": typeof workspace_messages;
  "workspace/migrations": typeof workspace_migrations;
  "workspace/missions": typeof workspace_missions;
  "workspace/recall": typeof workspace_recall;
  "workspace/scopes": typeof workspace_scopes;
  "workspace/scoping": typeof workspace_scoping;
  "workspace/settings": typeof workspace_settings;
  "workspace/tasks": typeof workspace_tasks;
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

export declare const components: {
  migrations: import("@convex-dev/migrations/_generated/component.js").ComponentApi<"migrations">;
  purgePool: import("@convex-dev/workpool/_generated/component.js").ComponentApi<"purgePool">;
  rateLimiter: import("@convex-dev/rate-limiter/_generated/component.js").ComponentApi<"rateLimiter">;
};
