"use client";

import { MoreHorizontalIcon, PauseIcon, PencilIcon, PlayIcon, Trash2Icon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { AgentRow } from "./agent-row";

export type RowActionHandlers = {
  onEdit(agent: AgentRow): void;
  onToggle(agent: AgentRow): void;
  onDelete(agent: AgentRow): void;
};

/** One agent's actions; only rendered for roles that may change agents. */
export function RowActions({ agent, onEdit, onToggle, onDelete }: { agent: AgentRow } & RowActionHandlers) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${agent.name}`}>
          <MoreHorizontalIcon />
        </Button>
      </DropdownMenuTrigger>
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
