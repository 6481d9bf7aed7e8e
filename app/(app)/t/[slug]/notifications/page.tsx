import type { Metadata } from "next";
import { NotificationList } from "@/components/notifications/notification-list";
import { PreferencesCard } from "@/components/notifications/preferences-card";
import { PageHeader } from "@/components/shared/page-header";
import { pageTenant } from "@/lib/server/portal/page-tenant";

export const metadata: Metadata = { title: "Notifications" };

// GET /t/[slug]/notifications: the signed-in person's notifications in this workspace, and their preferences.
export default async function NotificationsPage({ params }: { params: Promise<{ slug: string }> }) {
  await pageTenant(params, "tenant.read");
  return (
    <div className="space-y-6">
      <PageHeader title="Notifications" description="Billing, quota, trial and team notices for your role, newest first." />
      <NotificationList />
      <PreferencesCard />
    </div>
  );
}
