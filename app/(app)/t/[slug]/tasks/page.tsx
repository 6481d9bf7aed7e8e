import type { Metadata } from "next";
import { TaskBoard } from "@/components/workspace/task-board";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Tasks" };

// GET /t/[slug]/tasks: the task board by status and the missions, per environment and team.
export default async function TasksPage({ params }: { params: Promise<{ slug: string }> }) {
  await pageTenant(params, "agents.read");
  return (
    <div className="space-y-6">
      <PageHeader
        title="Tasks and missions"
        description="Your agents' tasks by status, filtered by project and agent, with the missions they belong to."
      />
      <TaskBoard />
    </div>
  );
}
