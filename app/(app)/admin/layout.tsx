import { ShieldCheckIcon } from "lucide-react";
import { notFound } from "next/navigation";
import type * as React from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { Badge } from "@/components/ui/badge";
import { isStaff, requireSession } from "@/lib/server/auth";

/**
 * /admin/**: platform staff only (platform role support or admin). Everyone else gets
 * the ordinary 404, so the admin area does not announce itself. Pages re-check too, and
 * every Convex function they call is a staff function that refuses non-staff by itself.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  if (!isStaff(session)) notFound();
  const admin = session.platformRole === "admin";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex size-10 items-center justify-center rounded-lg bg-primary/10 text-primary" aria-hidden="true">
          <ShieldCheckIcon className="size-5" />
        </div>
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Platform admin</h1>
          <p className="text-sm text-muted-foreground">
            {admin ? "Admin access: you can see and act on every tenant." : "Support access: you can see every tenant, and change nothing."}
          </p>
        </div>
        <Badge className="ml-auto" variant={admin ? "default" : "secondary"}>
          {admin ? "Admin" : "Support · read-only"}
        </Badge>
      </div>
      <AdminNav />
      {children}
    </div>
  );
}
