import type { Metadata } from "next";
import { ApiKeysClient } from "@/components/api-keys/api-keys-client";
import { NoAccess } from "@/components/shared/no-access";
import { api } from "@/convex/_generated/api";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "API keys" };

// GET /t/[slug]/api-keys: the workspace's API keys for agent runtimes (admins and owners).
export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { tenant, allowed } = await pageTenant(params, "apiKeys.manage");
  if (!allowed) return <NoAccess what="API keys" needs="admin" />;
  const keys = await preload(api.portal.apiKeys.list, { slug: tenant.slug });
  return <ApiKeysClient keys={keys} />;
}
