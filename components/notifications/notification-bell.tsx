"use client";

import { useQuery } from "convex/react";
import { BellIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { api } from "@/convex/_generated/api";

/**
 * The header's bell: the unread count of the workspace in the URL (live through the
 * Convex subscription), or, in the admin console, staff's unread alerts.
 */
export function NotificationBell({ staff }: { staff: boolean }) {
  const pathname = usePathname();
  const slug = /^\/t\/([^/]+)/.exec(pathname)?.[1] ?? null;
  const inAdmin = staff && pathname.startsWith("/admin");
  const tenantCount = useQuery(api.notifications.center.unreadCount, slug ? { slug } : "skip");
  const staffCount = useQuery(api.notifications.staff.unreadCount, inAdmin ? {} : "skip");
  if (!slug && !inAdmin) return null;
  const count = (slug ? tenantCount : staffCount) ?? 0;
  const href = slug ? `/t/${slug}/notifications` : "/admin/notifications";
  return (
    <Link
      href={href}
      className="relative inline-flex size-9 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground"
      aria-label={count > 0 ? `Notifications (${count} unread)` : "Notifications"}
      data-testid="notification-bell"
    >
      <BellIcon className="size-4" />
      {count > 0 && (
        <span className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-destructive px-1 text-center text-[10px] leading-4 font-semibold text-white">
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
