"use client";

import { useQuery } from "convex/react";
import { CheckIcon, ChevronsUpDownIcon, PlusIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/**
 * The header's workspace switcher: the caller's workspaces (live, so a new one or a
 * removal shows at once), the current one ticked, and "create a workspace". Staying on
 * the same section when switching (agents -> agents) is what people expect.
 */
export function TenantSwitcher() {
  const tenants = useQuery(api.account.tenants.listMine, {});
  const pathname = usePathname();
  const match = /^\/t\/([^/]+)(\/[^?]*)?/.exec(pathname);
  const currentSlug = match?.[1] ?? null;
  const section = match?.[2]?.split("/")[1] ?? "";
  const current = tenants?.find((t) => t.slug === currentSlug);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          // May shrink (the name truncates) so the header fits a 390 px phone next to the bell, theme and account buttons.
          className="max-w-32 min-w-0 shrink gap-1.5 px-2 sm:max-w-56 sm:gap-2"
          aria-label={current ? `Switch workspace (current: ${current.name})` : "Switch workspace"}
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
      </DropdownMenuTrigger>
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
