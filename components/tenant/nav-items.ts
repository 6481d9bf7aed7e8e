/**
 * The tenant portal's sections, in order. Each names the permission needed to
 * see it (lib/domain/permissions.ts), so the nav hides what the server would refuse.
 * Features add their entry here.
 */
import type { Permission } from "@/lib/domain/permissions";

export type TenantNavItem = { label: string; segment: string; permission: Permission };

export const TENANT_NAV: TenantNavItem[] = [
  { label: "Overview", segment: "", permission: "tenant.read" },
  { label: "Agents", segment: "agents", permission: "agents.read" },
  { label: "Memory", segment: "memory", permission: "agents.read" },
  { label: "Tasks", segment: "tasks", permission: "agents.read" },
  { label: "Conversations", segment: "conversations", permission: "agents.read" },
  { label: "Messages", segment: "messages", permission: "agents.read" },
  { label: "Team", segment: "team", permission: "team.read" },
  { label: "Usage", segment: "usage", permission: "usage.read" },
  { label: "Billing", segment: "billing", permission: "billing.read" },
  { label: "API keys", segment: "api-keys", permission: "apiKeys.manage" },
  { label: "Scopes", segment: "scopes", permission: "settings.manage" },
  { label: "Webhooks", segment: "webhooks", permission: "settings.manage" },
  { label: "Settings", segment: "settings", permission: "settings.manage" },
];
