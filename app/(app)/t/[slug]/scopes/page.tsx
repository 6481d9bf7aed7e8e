import type { Metadata } from "next";
import { ScopesSettings } from "@/components/workspace/scopes-settings";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Scopes" };

// GET /t/[slug]/scopes: environments, teams, key and agent scopes, user-context fields (admins).
export default async function ScopesPage({ params }: { params: Promise<{ slug: string }> }) {
  await pageTenant(params, "settings.manage");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Scopes"
        description="Environments and teams partition your agents' data; user-context fields filter what a conversation may read."
      />
      <ScopesSettings />
    </div>
  );
}
