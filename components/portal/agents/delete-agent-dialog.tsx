"use client";

import { useMutation } from "convex/react";
import { api } from "@/convex/_generated/api";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { attempt } from "../errors";
import type { AgentRow } from "./columns";

/** Deleting an agent frees a quota slot; its past usage stays in the reports. */
export function DeleteAgentDialog({ slug, agent, onClose }: { slug: string; agent: AgentRow; onClose(): void }) {
  const remove = useMutation(api.agents.remove);
  return (
    <AlertDialog open onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {agent.name}?</AlertDialogTitle>
          <AlertDialogDescription>The agent stops at once and cannot be restored. Its past usage and costs stay in Usage reports.</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={() => void attempt(() => remove({ slug, agentId: agent._id }), `Deleted ${agent.name}`).then(onClose)}>
            Delete agent
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
