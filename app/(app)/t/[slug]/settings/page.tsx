import type { Metadata } from "next";
import { NoAccess } from "@/components/shared/no-access";
import { SettingsClient } from "@/components/portal/settings/settings-client";
import { api } from "@/convex/_generated/api";
import { can } from "@/lib/domain/permissions";
import { fetchAs, preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Settings" };

// GET /t/[slug]/settings: name, URL, billing email, budget, departments; export and delete.
export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, allowed } = await pageTenant(params, "settings.manage");
  if (!allowed) return <NoAccess what="settings" needs="admin" />;
  const [settings, departments, manifest] = await Promise.all([
    preload(api.portal.settings.get, { slug: tenant.slug }),
    preload(api.portal.departments.list, { slug: tenant.slug }),
    can(tenant.role, "tenant.export") ? fetchAs(api.portal.exports.manifest, { slug: tenant.slug }) : Promise.resolve(null),
  ]);
  return <SettingsClient settings={settings} departments={departments} exportTables={manifest?.tables ?? []} />;
}
