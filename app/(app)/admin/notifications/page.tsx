import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StaffCenter } from "@/components/notifications/staff-center";
import { PageHeader } from "@/components/shared/page-header";
import { isStaff, requireSession } from "@/lib/server/auth";

export const metadata: Metadata = { title: "Notifications · Admin" };

// GET /admin/notifications: staff's notification center (alerts) and the delivery queue's state.
export default async function AdminNotificationsPage() {
  const session = await requireSession();
  if (!isStaff(session)) notFound();
  return (
    <div className="space-y-6">
      <PageHeader title="Notifications" description="Platform alerts for staff, and every email, webhook and page still owed." />
      <StaffCenter canWrite={session.platformRole === "admin"} />
    </div>
  );
}
