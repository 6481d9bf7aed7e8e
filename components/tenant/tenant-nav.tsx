"use client";

import {
  BarChart3Icon,
  BotIcon,
  CreditCardIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  SettingsIcon,
  UsersIcon,
  type LucideIcon,
} from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { can } from "@/lib/domain/permissions";
import { cn } from "@/lib/utils";
import { TENANT_NAV } from "./nav-items";
import { useTenant } from "./tenant-context";

const ICONS: Record<string, LucideIcon> = {
  "": LayoutDashboardIcon,
  agents: BotIcon,
  team: UsersIcon,
  usage: BarChart3Icon,
  billing: CreditCardIcon,
  "api-keys": KeyRoundIcon,
  settings: SettingsIcon,
};

/**
 * The tenant sidebar (a scrollable tab row on small screens): only the sections the
 * caller's role may open, from the shared list in nav-items.ts.
 */
export function TenantNav() {
  const { slug, role } = useTenant();
  const pathname = usePathname();
  const base = `/t/${slug}`;
  return (
    <nav
      aria-label="Workspace sections"
      className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 lg:mx-0 lg:flex-col lg:overflow-visible lg:px-0"
    >
      {TENANT_NAV.filter((item) => can(role, item.permission)).map((item) => {
        const href = item.segment ? `${base}/${item.segment}` : base;
        const active = item.segment ? pathname === href || pathname.startsWith(`${href}/`) : pathname === base;
        const Icon = ICONS[item.segment] ?? LayoutDashboardIcon;
        return (
          <Link
            key={item.label}
            href={href}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex shrink-0 items-center gap-2.5 rounded-md px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/40",
              active ? "bg-primary/10 text-primary" : "text-muted-foreground hover:bg-accent hover:text-foreground",
            )}
          >
            <Icon className="size-4 shrink-0" aria-hidden="true" />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
