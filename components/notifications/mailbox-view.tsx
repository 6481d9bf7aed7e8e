import { MailIcon } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { Mail, MailSummary } from "@/lib/server/email/mailbox";
import { TimeAgo } from "@/components/ui/time-ago";

/** The local mailbox: the received list on the left, the open message (as sent, HTML in a sandboxed frame) on the right. */
export function MailboxView({ mails, open, filter }: { mails: MailSummary[]; open: Mail | null; filter: string }) {
  if (mails.length === 0)
    return (
      <EmptyState
        icon={<MailIcon />}
        title="No mail yet"
        description="Invitations, welcome emails and billing notices arrive here as they are sent."
      />
    );
  return (
    <div className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <div className="space-y-2">
        <form className="flex gap-2" action="/dev/mailbox">
          <input
            name="to"
            defaultValue={filter}
            placeholder="Filter by recipient"
            aria-label="Recipient"
            className="h-8 flex-1 rounded-md border bg-background px-2 text-sm"
          />
        </form>
        <ul className="space-y-1" aria-label="Received mail">
          {mails.map((m) => (
            <li key={m.id}>
              <Link
                href={`/dev/mailbox?id=${m.id}${filter ? `&to=${encodeURIComponent(filter)}` : ""}`}
                className={`block rounded-md border p-2 text-sm hover:bg-accent ${open?.id === m.id ? "border-primary" : ""}`}
              >
                <span className="block truncate font-medium">{m.subject}</span>
                <span className="block truncate text-xs text-muted-foreground">
                  To {m.to.join(", ")} · <TimeAgo ms={m.receivedAt} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </div>
      {open && (
        <Card>
          <CardHeader>
            <CardTitle className="text-base">{open.subject}</CardTitle>
            <CardDescription>
              From {open.from} · To {open.to.join(", ")}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {open.html ? (
              // No scripts, no same-origin access; the email's buttons (target=_blank) open in a new tab, as in a mail client.
              <iframe
                title="Message"
                sandbox="allow-popups allow-popups-to-escape-sandbox"
                srcDoc={open.html}
                className="h-[32rem] w-full rounded-md border bg-white"
              />
            ) : (
              <pre className="text-sm whitespace-pre-wrap">{open.text}</pre>
            )}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
