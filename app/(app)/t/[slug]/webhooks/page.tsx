import type { Metadata } from "next";
import { WebhookEndpoints } from "@/components/notifications/webhook-endpoints";
import { NoAccess } from "@/components/shared/no-access";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Webhooks" };

// GET /t/[slug]/webhooks: the workspace's outbound webhook endpoints (owners and admins), their delivery logs.
export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { allowed } = await pageTenant(params, "settings.manage");
  if (!allowed) return <NoAccess what="webhooks" needs="admin" />;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Webhooks"
        description="Endpoints of yours that receive this workspace's events, signed per the Standard Webhooks spec, retried with backoff."
      />
      <WebhookEndpoints />
    </div>
  );
}
