import { CompassIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

/**
 * A 404 inside the admin console (a mistyped address, a tenant that no longer exists): it
 * renders under the console's header and navigation, for staff only (the layout sends
 * everyone else to the app-wide 404 before this), and leads back to the tenants.
 */
export default function AdminNotFound() {
  return (
    <div className="flex flex-col items-center gap-6 rounded-lg border border-dashed px-6 py-12 text-center">
      <div className="space-y-3">
        <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <CompassIcon className="size-6" aria-hidden="true" />
        </div>
        <p className="text-sm font-medium text-primary">404</p>
        <h2 className="text-xl font-semibold tracking-tight">Not found in the admin console</h2>
        <p className="max-w-sm text-sm text-muted-foreground">
          No admin page or tenant has this address. Tenants can be found by name or slug in the tenants list.
        </p>
      </div>
      <div className="flex flex-wrap justify-center gap-2">
        <Button asChild>
          <Link href="/admin/tenants">Back to all tenants</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/admin">Platform overview</Link>
        </Button>
      </div>
    </div>
  );
}
