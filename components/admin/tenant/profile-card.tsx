import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { formatCents, formatDate, formatNumber } from "@/lib/domain/format";
import type { TenantDetail } from "./actions/types";
import { PlacementFact } from "./placement-fact";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_1fr] gap-3 text-sm">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

/** The seed's overview block: plan and price, status and since when, billing, placement, users by role. */
export function ProfileCard({ detail }: { detail: TenantDetail }) {
  const t = detail.tenant;
  const users = detail.users.filter((u) => u.count > 0);
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>Overview</CardTitle>
      </CardHeader>
      <CardContent>
        <dl className="grid gap-2.5">
          <Fact label="Plan">
            {t.planName} ({formatCents(t.priceCents)}/mo)
          </Fact>
          <Fact label="Status">
            <span className="inline-flex flex-wrap items-center gap-2">
              <TenantStatusBadge status={t.status} /> since {formatDate(t.statusSince)}
            </span>
          </Fact>
          {t.status === "trial" && t.trialEndsAt && <Fact label="Trial ends">{formatDate(t.trialEndsAt)}</Fact>}
          {t.status === "deleted" && t.deletedBy && (
            <Fact label="Deleted by">
              {t.deletedBy === "staff" ? "Platform staff (only staff can restore it)" : "The owner (the owner can restore it)"}
              {t.deletionReason && <span className="block text-xs text-muted-foreground">Reason: {t.deletionReason}</span>}
            </Fact>
          )}
          {t.status === "deleted" && t.hardDeleteAt && (
            <Fact label="Hard delete">{t.purging ? "in progress" : `scheduled for ${formatDate(t.hardDeleteAt)}`}</Fact>
          )}
          <Fact label="Billing">
            <a href={`mailto:${t.billingEmail}`} className="break-all hover:underline">
              {t.billingEmail}
            </a>
            {t.stripeCustomerId && <span className="block text-xs text-muted-foreground">Stripe {t.stripeCustomerId}</span>}
          </Fact>
          <Fact label="Created">{formatDate(t.createdAt)}</Fact>
          <Fact label="Placement">
            <PlacementFact slug={t.slug} />
          </Fact>
          <Fact label="Users">
            {formatNumber(detail.members)}
            {users.length > 0 &&
              ` (${users.map((u) => `${u.more ? `${formatNumber(u.count)}+` : formatNumber(u.count)} ${u.role}${u.count === 1 ? "" : "s"}`).join(", ")})`}
            {users
              .filter((u) => u.role === "owner" || u.role === "admin")
              .map((u) => (
                <span key={u.role} className="block truncate text-xs text-muted-foreground">
                  {u.role}s: {u.emails.join(", ")}
                </span>
              ))}
          </Fact>
        </dl>
      </CardContent>
    </Card>
  );
}
