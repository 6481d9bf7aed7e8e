"use client";

import { Building2Icon, LogOutIcon, ShieldCheckIcon } from "lucide-react";
import Link from "next/link";
import dynamic from "next/dynamic";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { signOut } from "@/lib/server/auth/actions";
import type { IdentityMode, StaffRole } from "@/lib/server/auth/types";

// Only Clerk mode renders it: local mode ships no Clerk code.
const ClerkSignOutItem = dynamic(() => import("./clerk-sign-out-item").then((m) => m.ClerkSignOutItem));

type MenuUser = { name: string; email: string; platformRole: StaffRole | null };

function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

export function UserMenu({ user, mode }: { user: MenuUser; mode: IdentityMode }) {
  const staff = user.platformRole !== null;
  // Local sign-out is a server action (it revokes the session server-side). Its form lives
  // outside the menu, which unmounts its items as it closes, and is submitted from onSelect.
  const signOutForm = useRef<HTMLFormElement>(null);
  return (
    <>
      {mode === "local" && <form ref={signOutForm} action={signOut} hidden />}
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" className="rounded-full" aria-label={`Account menu for ${user.name}`}>
            <span className="flex size-8 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary">
              {initials(user.name)}
            </span>
          </Button>
        </DropdownMenuTrigger>
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
            <DropdownMenuItem variant="destructive" onSelect={() => signOutForm.current?.requestSubmit()}>
              <LogOutIcon /> Sign out
            </DropdownMenuItem>
          )}
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
