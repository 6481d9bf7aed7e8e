import { notFound } from "next/navigation";
import type * as React from "react";
import { isStaff, requireSession } from "@/lib/auth";

/**
 * /admin/**: platform staff only (platform role support or admin). Everyone else gets
 * the ordinary 404, so the admin area does not announce itself. Pages re-check too.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const session = await requireSession();
  if (!isStaff(session)) notFound();
  return children;
}
