"use client";

import { PauseIcon, PencilIcon, PlayIcon, Trash2Icon } from "lucide-react";
import type * as React from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { AgentRow } from "./agent-row";
import type { RowActionHandlers } from "./row-actions";

/** A row's actions menu, loaded when its trigger is first pressed (row-actions.tsx), so it mounts open. */
export function RowActionsMenu({
  agent,
  onEdit,
  onToggle,
  onDelete,
  trigger,
}: { agent: AgentRow; trigger: React.ReactElement } & RowActionHandlers) {
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuItem onSelect={() => onEdit(agent)}>
          <PencilIcon /> Edit
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => onToggle(agent)}>
          {agent.status === "active" ? (
            <>
              <PauseIcon /> Pause
            </>
          ) : (
            <>
              <PlayIcon /> Resume
            </>
          )}
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuItem variant="destructive" onSelect={() => onDelete(agent)}>
          <Trash2Icon /> Delete
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
