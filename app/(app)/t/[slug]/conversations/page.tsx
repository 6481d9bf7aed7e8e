import type { Metadata } from "next";
import { ConversationsView } from "@/components/workspace/conversations-view";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Conversations" };

// GET /t/[slug]/conversations: conversations with end users, each thread with its user context.
export default async function ConversationsPage({ params }: { params: Promise<{ slug: string }> }) {
  await pageTenant(params, "agents.read");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Conversations"
        description="Your agents' conversations with end users, their messages and the user context each was created with."
      />
      <ConversationsView />
    </div>
  );
}
