"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { MailIcon } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/shared/page-header";
import { formatDateTime, formatNumber } from "@/lib/domain/format";
import { useTenant } from "@/components/tenant/tenant-context";
import type { api } from "@/convex/_generated/api";
import type { FunctionReturnType } from "convex/server";
import { TimeAgo } from "@/components/ui/time-ago";

type Email = FunctionReturnType<typeof api.billing.account.outbox>[number];

const STATUS = {
  pending: { label: "Pending", variant: "warning" },
  sent: { label: "Sent", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
} as const;

/** Where an email stands: when it was sent, or why it failed and, while it still retries, when the next try is. */
function Delivery({ email }: { email: Email }) {
  const tries = `${formatNumber(email.attempts)} ${email.attempts === 1 ? "attempt" : "attempts"}`;
  if (email.status === "sent") {
    return <p className="text-sm text-muted-foreground">{email.sentAt !== null ? `Sent ${formatDateTime(email.sentAt)}.` : "Sent."}</p>;
  }
  if (email.status === "failed") {
    return (
      <p className="text-sm" data-testid="outbox-reason">
        <span className="font-medium">Failed after {tries}:</span> {email.reason ?? "the reason was not recorded."}
      </p>
    );
  }
  if (email.attempts === 0) return <p className="text-sm text-muted-foreground">Queued: not tried yet.</p>;
  return (
    <p className="text-sm" data-testid="outbox-reason">
      <span className="font-medium">Retrying ({tries} so far):</span> {email.reason ?? "the last attempt failed."}
      {email.nextAttemptAt !== null && <> Next try {formatDateTime(email.nextAttemptAt)}.</>}
    </p>
  );
}

/** The emails billing wrote for this workspace (budget alerts, payment notices), newest first, as they would be sent. */
export function OutboxList({ outbox, simulator }: { outbox: Preloaded<typeof api.billing.account.outbox>; simulator: boolean }) {
  const { slug } = useTenant();
  const emails = usePreloadedQuery(outbox);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Email outbox"
        description={
          simulator
            ? "Every email written for this workspace and its delivery state; locally they arrive in the local mailbox (/dev/mailbox)."
            : "Every email written for this workspace and its delivery state (pending, sent, failed)."
        }
        actions={
          <Link href={`/t/${slug}/billing`} className="text-sm font-medium text-primary underline-offset-4 hover:underline">
            Back to billing
          </Link>
        }
      />
      {emails.length === 0 ? (
        <EmptyState icon={<MailIcon />} title="No emails yet" description="Budget alerts and payment notices appear here." />
      ) : (
        <ul className="space-y-3" aria-label="Emails">
          {emails.map((email) => (
            <li key={email.id}>
              <Card className="gap-3">
                <CardHeader>
                  <CardTitle className="flex flex-wrap items-center gap-2 text-base">
                    {email.subject} <Badge variant="secondary">{email.kind}</Badge>
                    <Badge variant={STATUS[email.status].variant}>{STATUS[email.status].label}</Badge>
                  </CardTitle>
                  <CardDescription>
                    To {email.to.join(", ")} · written <TimeAgo ms={email.createdAt} />
                  </CardDescription>
                </CardHeader>
                <CardContent className="space-y-2">
                  <Delivery email={email} />
                  <p className="text-sm whitespace-pre-line">{email.body}</p>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
