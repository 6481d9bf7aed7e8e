"use client";

import { CompassIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { useTenant } from "@/components/tenant/tenant-context";

/**
 * A 404 inside a workspace the visitor belongs to (an agent that was deleted, a mistyped
 * sub-page): it renders inside the workspace's layout, so the side navigation stays, and
 * leads back to the workspace's overview. Unknown workspaces and workspaces the visitor is
 * not a member of never get here: the layout's notFound() renders the app-wide page.
 */
export default function WorkspaceNotFound() {
  const tenant = useTenant();
  return (
    <div className="flex flex-col items-center gap-6 rounded-lg border border-dashed px-6 py-12 text-center">
      <div className="space-y-3">
        <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <CompassIcon className="size-6" aria-hidden="true" />
        </div>
        <p className="text-sm font-medium text-primary">404</p>
        <h2 className="text-xl font-semibold tracking-tight">Page not found in {tenant.name}</h2>
        <p className="max-w-sm text-sm text-muted-foreground">
          This page does not exist in this workspace, or what it showed was deleted. Everything else is in the menu.
        </p>
      </div>
      <div className="flex flex-wrap justify-center gap-2">
        <Button asChild>
          <Link href={`/t/${tenant.slug}`}>Back to the workspace overview</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href={`/t/${tenant.slug}/agents`}>Agents</Link>
        </Button>
      </div>
    </div>
  );
}
