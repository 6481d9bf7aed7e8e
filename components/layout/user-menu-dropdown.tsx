"use client";

import { Building2Icon, LogOutIcon, ShieldCheckIcon } from "lucide-react";
import Link from "next/link";
import dynamic from "next/dynamic";
import type * as React from "react";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { IdentityMode, StaffRole } from "@/lib/server/auth/types";

// Only Clerk mode renders it: local mode ships no Clerk code.
const ClerkSignOutItem = dynamic(() => import("./clerk-sign-out-item").then((m) => m.ClerkSignOutItem));

export type MenuUser = { name: string; email: string; platformRole: StaffRole | null };

/** The account menu itself, loaded when its trigger is first pressed (user-menu.tsx), so it mounts open. */
export function UserMenuDropdown({
  user,
  mode,
  trigger,
  onLocalSignOut,
}: {
  user: MenuUser;
  mode: IdentityMode;
  trigger: React.ReactElement;
  onLocalSignOut: () => void;
}) {
  const staff = user.platformRole !== null;
  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-64">
        <DropdownMenuLabel className="grid gap-0.5">
          <span className="truncate font-medium">{user.name}</span>
          <span className="truncate text-xs font-normal text-muted-foreground">{user.email}</span>
          {staff && (
            <Badge variant="default" className="mt-1.5">
              <ShieldCheckIcon /> Platform {user.platformRole}
            </Badge>
          )}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/">
            <Building2Icon /> Your workspaces
          </Link>
        </DropdownMenuItem>
        {staff && (
          <DropdownMenuItem asChild>
            <Link href="/admin">
              <ShieldCheckIcon /> Platform admin
            </Link>
          </DropdownMenuItem>
        )}
        <DropdownMenuSeparator />
        {mode === "clerk" ? (
          <ClerkSignOutItem />
        ) : (
          <DropdownMenuItem variant="destructive" onSelect={onLocalSignOut}>
            <LogOutIcon /> Sign out
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
