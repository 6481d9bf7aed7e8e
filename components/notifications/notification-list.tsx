"use client";

import { useMutation, useQuery } from "convex/react";
import { BellIcon, CheckCheckIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { attempt } from "@/components/shared/errors";
import { useTenant } from "@/components/tenant/tenant-context";
import { CATEGORIES, type Category } from "@/lib/domain/notifications/kinds";
import { TimeAgo } from "@/components/ui/time-ago";

const LABEL: Record<Category, string> = {
  billing: "Billing",
  quota: "Quotas",
  trial: "Trial",
  team: "Team",
  workspace: "Workspace",
  webhooks: "Webhooks",
};

/** The person's notifications in this workspace, with filters; each links to where they act. */
export function NotificationList() {
  const { slug, viaStaff } = useTenant();
  const [unread, setUnread] = useState(false);
  const [category, setCategory] = useState<Category | "">("");
  const items = useQuery(api.notifications.center.list, { slug, unread: unread || undefined, category: category || undefined, limit: 100 });
  const markRead = useMutation(api.notifications.center.markRead);
  const markAllRead = useMutation(api.notifications.center.markAllRead);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filters">
        <Button size="sm" variant={unread ? "outline" : "secondary"} onClick={() => setUnread(false)} aria-pressed={!unread}>
          All
        </Button>
        <Button size="sm" variant={unread ? "secondary" : "outline"} onClick={() => setUnread(true)} aria-pressed={unread}>
          Unread
        </Button>
        <select
          aria-label="Category"
          className="h-8 rounded-md border bg-background px-2 text-sm"
          value={category}
          onChange={(e) => setCategory(e.target.value as Category | "")}
        >
          <option value="">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {LABEL[c]}
            </option>
          ))}
        </select>
        {!viaStaff && (
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => attempt(() => markAllRead({ slug }), "All marked read")}>
            <CheckCheckIcon className="size-4" /> Mark all read
          </Button>
        )}
      </div>
      {items === undefined ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : items.length === 0 ? (
        <EmptyState
          icon={<BellIcon />}
          title={unread ? "Nothing unread" : "No notifications"}
          description="Billing, quota and team notices for you appear here."
        />
      ) : (
        <ul className="space-y-2" aria-label="Notifications">
          {items.map((n) => (
            <li key={n.id} data-read={n.read}>
              <Card className={n.read ? "gap-2 py-4 opacity-75" : "gap-2 border-primary/40 py-4"}>
                <CardContent className="flex flex-wrap items-start gap-3">
                  <div className="min-w-0 flex-1 space-y-1">
                    <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                      {!n.read && <span className="size-2 rounded-full bg-primary" aria-label="Unread" />}
                      {n.title} <Badge variant="secondary">{LABEL[n.category]}</Badge>
                    </p>
                    <p className="text-sm text-muted-foreground">{n.message}</p>
                    <p className="text-xs text-muted-foreground">
                      <TimeAgo ms={n.createdAt} />
                    </p>
                  </div>
                  <div className="flex items-center gap-2">
                    <Button asChild size="sm" variant="outline">
                      <Link
                        href={`/t/${slug}${n.link}`}
                        onClick={() => !n.read && !viaStaff && void markRead({ slug, notificationId: n.id })}
                      >
                        Open
                      </Link>
                    </Button>
                    {!n.read && !viaStaff && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => attempt(() => markRead({ slug, notificationId: n.id }), "Marked read")}
                      >
                        Mark read
                      </Button>
                    )}
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
