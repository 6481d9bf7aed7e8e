"use client";

import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { useDeferredMenu } from "@/components/ui/deferred-menu";
import { signOut } from "@/lib/server/auth/actions";
import type { IdentityMode } from "@/lib/server/auth/types";
import type { MenuUser } from "./user-menu-dropdown";

const loadDropdown = () => import("./user-menu-dropdown").then((m) => m.UserMenuDropdown);

function initials(name: string): string {
  const parts = name.split(/[\s@.]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

/** The header's account button; its menu (user-menu-dropdown.tsx) is loaded when first pressed (deferred-menu.ts). */
export function UserMenu({ user, mode }: { user: MenuUser; mode: IdentityMode }) {
  // Local sign-out is a server action (it revokes the session server-side). Its form lives
  // outside the menu, which unmounts its items as it closes, and is submitted from onSelect.
  const signOutForm = useRef<HTMLFormElement>(null);
  const { Menu, triggerProps } = useDeferredMenu(loadDropdown);
  const button = (props: object) => (
    <Button variant="ghost" size="icon" className="rounded-full" aria-label={`Account menu for ${user.name}`} {...props}>
      <span className="flex size-8 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary">
        {initials(user.name)}
      </span>
    </Button>
  );
  return (
    <>
      {mode === "local" && <form ref={signOutForm} action={signOut} hidden />}
      {Menu ? (
        <Menu user={user} mode={mode} trigger={button({})} onLocalSignOut={() => signOutForm.current?.requestSubmit()} />
      ) : (
        button(triggerProps)
      )}
    </>
  );
}
