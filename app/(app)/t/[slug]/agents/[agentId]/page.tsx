import type { Metadata } from "next";
import { AgentDetailClient } from "@/components/portal/agents/agent-detail-client";
import { rethrow } from "@/lib/server/portal/convex";
import { agentDetail } from "@/lib/server/portal/page-exists";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Agent" };

type Props = { params: Promise<{ slug: string; agentId: string }> };

// GET /t/[slug]/agents/[agentId]: one agent's settings, usage this month and last activity.
// An id that is not this workspace's agent (deleted, another workspace's, typed) is the workspace's 404.
export default async function AgentPage({ params }: Props) {
  const { tenant } = await pageTenant(params, "agents.read");
  const { agentId } = await params;
  // The layout's existence check made the same read (React cache): one Convex call.
  const read = await agentDetail(tenant.slug, agentId);
  if (!read.ok) rethrow(read.error);
  return <AgentDetailClient preloaded={read.value} />;
}
