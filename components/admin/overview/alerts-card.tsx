import { AlertTriangleIcon, CreditCardIcon, GaugeIcon, PauseCircleIcon, WebhookIcon } from "lucide-react";
import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatNumber } from "@/lib/domain/format";

type Alerts = FunctionReturnType<typeof api.admin.overview.get>["alerts"];
type Tenant = Alerts["pastDue"]["tenants"][number];

function Group({
  icon,
  title,
  count,
  tenants,
  more,
  href,
}: {
  icon: React.ReactNode;
  title: string;
  count: number;
  tenants: Tenant[];
  more?: string;
  href: string;
}) {
  return (
    <li className="space-y-1.5">
      <Link href={href} className="flex items-center gap-2 text-sm font-medium hover:underline">
        {icon}
        {title}
        <span className="ml-auto rounded-full bg-muted px-2 py-0.5 text-xs tabular-nums">{formatNumber(count)}</span>
      </Link>
      {tenants.length > 0 && (
        <p className="pl-6 text-xs text-muted-foreground">
          {tenants.map((t, i) => (
            <span key={t.tenantId}>
              {i > 0 && ", "}
              <Link href={`/admin/tenants/${t.slug}`} className="hover:underline">
                {t.name}
              </Link>
              {t.quotaPercent >= 90 && title.startsWith("Near") ? ` (${t.quotaPercent}%)` : ""}
            </span>
          ))}
          {more}
        </p>
      )}
    </li>
  );
}

/** What needs staff attention: quotas nearly used, unpaid or suspended tenants, failing webhooks. */
export function AlertsCard({ alerts }: { alerts: Alerts }) {
  const w = alerts.webhookFailures;
  const none = alerts.nearQuota.count + alerts.pastDue.count + alerts.suspended.count + w.count === 0;
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <AlertTriangleIcon className="size-4 text-warning" aria-hidden="true" /> Alerts
        </CardTitle>
        <CardDescription>
          Tenants at 90% of a quota, unpaid or suspended tenants, and webhook failures in the last 24 hours.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {none ? (
          <p className="text-sm text-muted-foreground">Nothing needs attention.</p>
        ) : (
          <ul className="space-y-4">
            <Group
              icon={<GaugeIcon className="size-4" />}
              title="Near a quota (90%+)"
              count={alerts.nearQuota.count}
              tenants={alerts.nearQuota.tenants}
              href="/admin/tenants?sort=agents&order=desc"
            />
            <Group
              icon={<CreditCardIcon className="size-4" />}
              title="Past due"
              count={alerts.pastDue.count}
              tenants={alerts.pastDue.tenants}
              href="/admin/tenants?status=past_due"
            />
            <Group
              icon={<PauseCircleIcon className="size-4" />}
              title="Suspended"
              count={alerts.suspended.count}
              tenants={alerts.suspended.tenants}
              href="/admin/tenants?status=suspended"
            />
            <li className="space-y-1.5">
              <Link href="/admin/webhooks?outcome=failed" className="flex items-center gap-2 text-sm font-medium hover:underline">
                <WebhookIcon className="size-4" /> Webhook failures (24 h)
                <span className="ml-auto rounded-full bg-muted px-2 py-0.5 text-xs tabular-nums">{w.more ? `${w.count}+` : w.count}</span>
              </Link>
              {w.recent.map((e) => (
                <p key={e._id} className="truncate pl-6 text-xs text-muted-foreground" title={e.error ?? undefined}>
                  {e.provider} {e.type}: {e.error ?? "failed"}
                </p>
              ))}
            </li>
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
