import type { Metadata } from "next";
import { MemoryBrowser } from "@/components/workspace/memory-browser";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Memory" };

// GET /t/[slug]/memory: the agents' memories in one scope, by namespace and text.
export default async function MemoryPage({ params }: { params: Promise<{ slug: string }> }) {
  await pageTenant(params, "agents.read");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Memory"
        description="What your agents stored, per environment and team: browse by namespace, search the text, delete."
      />
      <MemoryBrowser />
    </div>
  );
}
