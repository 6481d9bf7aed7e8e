"use client";

import { useClerk } from "@clerk/nextjs";
import { LogOutIcon } from "lucide-react";
import { DropdownMenuItem } from "@/components/ui/dropdown-menu";

/** Clerk mode: Clerk ends its session in the browser, then we land on sign-in. Loaded only in Clerk mode (user-menu.tsx). */
export function ClerkSignOutItem() {
  const clerk = useClerk();
  return (
    <DropdownMenuItem variant="destructive" onSelect={() => void clerk.signOut({ redirectUrl: "/sign-in" })}>
      <LogOutIcon /> Sign out
    </DropdownMenuItem>
  );
}
