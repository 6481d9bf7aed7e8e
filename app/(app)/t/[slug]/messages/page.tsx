import type { Metadata } from "next";
import { MessagesView } from "@/components/workspace/messages-view";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Messages" };

// GET /t/[slug]/messages: inter-agent messages per channel.
export default async function MessagesPage({ params }: { params: Promise<{ slug: string }> }) {
  await pageTenant(params, "agents.read");
  return (
    <div className="space-y-6">
      <PageHeader title="Messages" description="What your agents sent each other and to named channels, per environment and team." />
      <MessagesView />
    </div>
  );
}
