"use client";

import { useQuery } from "convex/react";
import { ChevronsUpDownIcon } from "lucide-react";
import { usePathname } from "next/navigation";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { useDeferredMenu } from "@/components/ui/deferred-menu";

const loadDropdown = () => import("./tenant-switcher-dropdown").then((m) => m.TenantSwitcherDropdown);

/**
 * The header's workspace switcher: the caller's workspaces (live, so a new one or a
 * removal shows at once), the current one ticked, and "create a workspace". Staying on
 * the same section when switching (agents -> agents) is what people expect. The menu
 * (tenant-switcher-dropdown.tsx) is loaded when the button is first pressed (deferred-menu.ts).
 */
export function TenantSwitcher() {
  const tenants = useQuery(api.account.tenants.listMine, {});
  const pathname = usePathname();
  const match = /^\/t\/([^/]+)(\/[^?]*)?/.exec(pathname);
  const currentSlug = match?.[1] ?? null;
  const section = match?.[2]?.split("/")[1] ?? "";
  const current = tenants?.find((t) => t.slug === currentSlug);
  const { Menu, triggerProps } = useDeferredMenu(loadDropdown);

  const button = (props: object) => (
    <Button
      variant="ghost"
      size="sm"
      // May shrink (the name truncates) so the header fits a 390 px phone next to the bell, theme and account buttons.
      className="max-w-32 min-w-0 shrink gap-1.5 px-2 sm:max-w-56 sm:gap-2"
      aria-label={current ? `Switch workspace (current: ${current.name})` : "Switch workspace"}
      {...props}
    >
      <span
        className="hidden size-6 items-center justify-center rounded-md bg-primary/10 text-xs font-semibold text-primary sm:flex"
        aria-hidden="true"
      >
        {(current?.name ?? "W").charAt(0)}
      </span>
      <span className="truncate">{current?.name ?? "Workspaces"}</span>
      <ChevronsUpDownIcon className="text-muted-foreground" />
    </Button>
  );
  return Menu ? <Menu tenants={tenants} currentSlug={currentSlug} section={section} trigger={button({})} /> : button(triggerProps);
}
