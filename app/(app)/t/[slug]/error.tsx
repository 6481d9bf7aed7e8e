"use client";

import { CompassIcon, RotateCwIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { appErrorOf } from "@/lib/domain/errors";
import ErrorBoundary from "@/app/error";

/**
 * Live queries keep running while a page is open, so access can end under it: the
 * workspace was deleted, renamed, or you were removed. Convex then answers NOT_FOUND
 * (kept intact in the browser) and this says so; anything else goes to the app's boundary.
 */
export default function TenantError({ error, retry }: { error: unknown; retry: () => void }) {
  if (appErrorOf(error)?.code !== "NOT_FOUND") return <ErrorBoundary error={error} retry={retry} />;
  return (
    <EmptyState
      icon={<CompassIcon />}
      title="This workspace is no longer available to you"
      description="It may have been deleted or renamed, or your membership was removed."
      action={
        <div className="flex gap-2">
          <Button asChild>
            <Link href="/">Your workspaces</Link>
          </Button>
          <Button variant="outline" onClick={() => window.location.reload()}>
            <RotateCwIcon /> Reload
          </Button>
        </div>
      }
    />
  );
}
