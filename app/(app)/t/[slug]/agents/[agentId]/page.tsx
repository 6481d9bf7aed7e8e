import type { Metadata } from "next";
import { api } from "@/convex/_generated/api";
import { AgentDetailClient } from "@/components/portal/agents/agent-detail-client";
import { preload } from "@/lib/server/portal/convex";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Agent" };

type Props = { params: Promise<{ slug: string; agentId: string }> };

// GET /t/[slug]/agents/[agentId]: one agent's settings, usage this month and last activity.
// An id that is not this workspace's agent (deleted, another workspace's, typed) is the workspace's 404.
export default async function AgentPage({ params }: Props) {
  const { tenant } = await pageTenant(params, "agents.read");
  const { agentId } = await params;
  const preloaded = await preload(api.portal.agentDetail.get, { slug: tenant.slug, agentId });
  return <AgentDetailClient preloaded={preloaded} />;
}
