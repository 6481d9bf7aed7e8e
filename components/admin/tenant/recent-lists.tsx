import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Change } from "@/components/admin/logs/change";
import { OutcomeBadge } from "@/components/admin/logs/outcome-badge";
import type { TenantDetail } from "./actions/types";

const time = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** How many webhook events the detail page lists; the rest are one link away, so the page stays one screen. */
export const WEBHOOKS_SHOWN = 8;

/** The tenant's latest audit entries, with a link to the full filtered log. */
export function RecentAudit({ slug, entries }: { slug: string; entries: TenantDetail["audit"] }) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>Recent audit entries</CardTitle>
        <CardDescription>
          <Link href={`/admin/audit?tenant=${slug}`} className="hover:underline">
            Full audit log for this tenant →
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent>
        {entries.length === 0 ? (
          <p className="text-sm text-muted-foreground">No entries yet.</p>
        ) : (
          <Table aria-label="Recent audit entries" stickyFirstColumn>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Change</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((e) => (
                <TableRow key={e._id}>
                  <TableCell className="text-xs text-muted-foreground tabular-nums">{time(e.at)}</TableCell>
                  <TableCell className="text-sm">{e.actorEmail}</TableCell>
                  <TableCell className="font-mono text-xs">{e.action}</TableCell>
                  <TableCell className="min-w-56 whitespace-normal">
                    <Change before={e.before} after={e.after} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

/** The tenant's latest webhook events (Stripe and Clerk). */
export function RecentWebhooks({ slug, events }: { slug: string; events: TenantDetail["webhooks"] }) {
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>Webhook events</CardTitle>
        <CardDescription>
          <Link href={`/admin/webhooks?tenant=${slug}`} className="hover:underline">
            All of this tenant&apos;s webhook events →
          </Link>
        </CardDescription>
      </CardHeader>
      <CardContent>
        {events.length === 0 ? (
          <p className="text-sm text-muted-foreground">No webhook events for this tenant.</p>
        ) : (
          <ul className="space-y-2 text-sm" aria-label="Latest webhook events">
            {events.slice(0, WEBHOOKS_SHOWN).map((e) => (
              <li key={e._id} className="flex min-w-0 flex-wrap items-center gap-2">
                <OutcomeBadge outcome={e.outcome} />
                <span className="min-w-0 font-mono text-xs break-all">{e.type}</span>
                <span className="text-xs text-muted-foreground">
                  {e.provider} · {time(e.receivedAt)}
                </span>
                {e.error && <span className="w-full truncate text-xs text-destructive">{e.error}</span>}
              </li>
            ))}
            {events.length > WEBHOOKS_SHOWN && (
              <li className="pt-1 text-xs">
                <Link href={`/admin/webhooks?tenant=${slug}`} className="text-primary hover:underline">
                  Showing the latest {WEBHOOKS_SHOWN}: see all →
                </Link>
              </li>
            )}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
