import { CompassIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Brand } from "@/components/layout/brand";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/**
 * The one 404 page: unknown URLs, tenants that do not exist, tenants you are not a
 * member of, and /admin for non-staff all render exactly this, so none can be told apart.
 * It reads no session and no tenant on purpose. When a page inside the app calls
 * notFound() it renders under the app's header; a URL no route matches renders it on its
 * own, so it brings the brand bar the other pages have (hidden under the app's header).
 */
export default function NotFound() {
  return (
    <>
      <div className="flex h-14 w-full items-center border-b px-4 sm:px-6 [main_&]:hidden" data-slot="not-found-bar">
        <Brand />
      </div>
      <div className="flex flex-1 flex-col items-center justify-center gap-8 px-6 py-10 text-center">
        <div className="space-y-3">
          <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
            <CompassIcon className="size-6" />
          </div>
          <p className="text-sm font-medium text-primary">404</p>
          <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
          <p className="max-w-sm text-sm text-muted-foreground">This page does not exist, or you do not have access to it.</p>
        </div>
        <Button asChild>
          <Link href="/">Back to your workspaces</Link>
        </Button>
      </div>
    </>
  );
}
