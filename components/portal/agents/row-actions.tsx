"use client";

import { MoreHorizontalIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useDeferredMenu } from "@/components/ui/deferred-menu";
import type { AgentRow } from "./agent-row";

const loadMenu = () => import("./row-actions-menu").then((m) => m.RowActionsMenu);

export type RowActionHandlers = {
  onEdit(agent: AgentRow): void;
  onToggle(agent: AgentRow): void;
  onDelete(agent: AgentRow): void;
};

/** One agent's actions; only rendered for roles that may change agents. The menu (row-actions-menu.tsx) loads when first pressed. */
export function RowActions({ agent, ...handlers }: { agent: AgentRow } & RowActionHandlers) {
  const { Menu, triggerProps } = useDeferredMenu(loadMenu);
  const button = (props: object) => (
    <Button variant="ghost" size="icon" className="size-8" aria-label={`Actions for ${agent.name}`} {...props}>
      <MoreHorizontalIcon />
    </Button>
  );
  return Menu ? <Menu agent={agent} {...handlers} trigger={button({})} /> : button(triggerProps);
}
