import { CompassIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Not found" };

/**
 * The one 404 page: unknown URLs, tenants that do not exist, tenants you are not a
 * member of, and /admin for non-staff all render exactly this, so none can be told apart.
 * It reads no session and no tenant on purpose. No brand here: inside the app it renders
 * under the header, and the header already carries it.
 */
export default function NotFound() {
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-8 px-6 text-center">
      <div className="space-y-3">
        <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <CompassIcon className="size-6" />
        </div>
        <p className="text-sm font-medium text-primary">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="max-w-sm text-sm text-muted-foreground">This page does not exist, or you do not have access to it.</p>
      </div>
      <Button asChild>
        <Link href="/">Back to your tenants</Link>
      </Button>
    </div>
  );
}
