"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { MailIcon } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/shared/page-header";
import { timeAgo } from "@/lib/domain/format";
import { useTenant } from "@/components/tenant/tenant-context";
import type { api } from "@/convex/_generated/api";

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
                  </CardTitle>
                  <CardDescription>
                    To {email.to.join(", ")} · {timeAgo(email.createdAt)} · {email.status}
                  </CardDescription>
                </CardHeader>
                <CardContent>
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
