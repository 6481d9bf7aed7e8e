import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MailboxView } from "@/components/notifications/mailbox-view";
import { PageHeader } from "@/components/shared/page-header";
import { localMailbox } from "@/lib/server/email/mailbox";

export const metadata: Metadata = { title: "Local mailbox" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ id?: string; to?: string }> };

// GET /dev/mailbox: every email the local SMTP server received (local mode only, like Mailpit; 404 in the cloud).
export default async function MailboxPage({ searchParams }: Props) {
  const mailbox = localMailbox();
  if (!mailbox) notFound();
  const { id, to } = await searchParams;
  const all = await mailbox.list();
  const mails = to ? all.filter((m) => m.to.some((addr) => addr.includes(to.toLowerCase()))) : all;
  const open = id ? await mailbox.get(id) : mails[0] ? await mailbox.get(mails[0].id) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Local mailbox"
        description="Local mode sends every email over SMTP to the server `npm start` runs; this is what it received, newest first."
      />
      <MailboxView mails={mails} open={open} filter={to ?? ""} />
    </div>
  );
}
