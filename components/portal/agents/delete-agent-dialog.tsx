"use client";

import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useTenant } from "@/components/tenant/tenant-context";
import { attempt } from "../../shared/errors";
import type { AgentRow } from "./agent-row";

/** Deleting an agent frees a quota slot; its past usage stays in the reports. */
export function DeleteAgentDialog({ agent, onClose }: { agent: AgentRow; onClose(): void }) {
  const { slug } = useTenant();
  const remove = useMutation(api.portal.agents.remove);
  return (
    <ConfirmDialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Delete ${agent.name}?`}
      description="The agent stops at once and cannot be restored. Its past usage and costs stay in Usage reports."
      confirmLabel="Delete agent"
      onConfirm={() => attempt(() => remove({ slug, agentId: agent._id }), `Deleted ${agent.name}`).then(onClose)}
    />
  );
}
