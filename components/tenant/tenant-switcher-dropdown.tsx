"use client";

import { CheckIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type SwitcherTenant = { _id: string; slug: string; name: string };

/** The switcher's menu, loaded when its trigger is first pressed (tenant-switcher.tsx), so it mounts open. */
export function TenantSwitcherDropdown({
  tenants,
  currentSlug,
  section,
  trigger,
}: {
  tenants: SwitcherTenant[] | undefined;
  currentSlug: string | null;
  section: string;
  trigger: React.ReactElement;
}) {
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-64">
        <DropdownMenuLabel className="text-xs font-normal text-muted-foreground">Your workspaces</DropdownMenuLabel>
        {tenants === undefined ? (
          <DropdownMenuItem disabled>Loading…</DropdownMenuItem>
        ) : tenants.length === 0 ? (
          <DropdownMenuItem disabled>No workspaces yet</DropdownMenuItem>
        ) : (
          tenants.map((t) => (
            <DropdownMenuItem key={t._id} asChild>
              <Link href={`/t/${t.slug}${section && t.slug !== currentSlug ? `/${section}` : ""}`}>
                <span className="flex size-5 items-center justify-center rounded bg-muted text-[10px] font-semibold" aria-hidden="true">
                  {t.name.charAt(0)}
                </span>
                <span className="flex-1 truncate">{t.name}</span>
                {t.slug === currentSlug && <CheckIcon className="!text-primary" aria-label="current" />}
              </Link>
            </DropdownMenuItem>
          ))
        )}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/new">
            <PlusIcon /> New workspace
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
