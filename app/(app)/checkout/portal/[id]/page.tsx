import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CancelToggle, PortalCardForm } from "@/components/billing/portal-actions";
import { TestCards } from "@/components/billing/test-cards";
import { formatCents, formatDate } from "@/lib/domain/format";
import { simulatorStore } from "@/lib/server/billing";
import { portalView } from "@/lib/server/billing/simulator";

export const metadata: Metadata = { title: "Billing portal (simulator)" };

// GET /checkout/portal/[id]: the simulator's stand-in for the Stripe Customer Portal (404 with real Stripe).
export default async function PortalPage({ params }: { params: Promise<{ id: string }> }) {
  const store = simulatorStore();
  const { id } = await params;
  const view = store ? await portalView(store, id) : null;
  if (!view) notFound();
  const { portal, customer, subscriptions, invoices } = view;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex items-center gap-2 text-xl font-semibold">
          Billing portal <Badge variant="warning">Test mode</Badge>
        </h1>
        <Link href={portal.returnUrl} className="text-sm font-medium text-primary underline-offset-4 hover:underline">
          Return to Tenantry
        </Link>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Payment method</CardTitle>
          <CardDescription>
            {customer.card
              ? `${customer.card.brand.toUpperCase()} ending in ${customer.card.last4}, expires ${customer.card.expMonth}/${customer.card.expYear}`
              : "No card on file."}
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <PortalCardForm portalId={portal.id} />
          <TestCards />
        </CardContent>
      </Card>
      {subscriptions.map((sub) => {
        const item = sub.items.data[0];
        return (
          <Card key={sub.id}>
            <CardHeader>
              <CardTitle>{item.price.nickname ?? "Subscription"}</CardTitle>
              <CardDescription>
                {formatCents(item.price.unit_amount ?? 0)} / month · {sub.status.replace("_", " ")} ·{" "}
                {sub.cancel_at_period_end
                  ? `ends ${formatDate(item.current_period_end * 1000)}`
                  : `renews ${formatDate(item.current_period_end * 1000)}`}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <CancelToggle portalId={portal.id} subscriptionId={sub.id} cancelAtPeriodEnd={sub.cancel_at_period_end} />
            </CardContent>
          </Card>
        );
      })}
      <Card>
        <CardHeader>
          <CardTitle>Invoices</CardTitle>
        </CardHeader>
        <CardContent>
          {invoices.length === 0 ? (
            <p className="text-sm text-muted-foreground">No invoices yet.</p>
          ) : (
            <ul className="divide-y text-sm">
              {invoices.map((i) => (
                <li key={i.id} className="flex justify-between py-2">
                  <span>
                    {i.number} · {formatDate(i.created * 1000)}
                  </span>
                  <span>
                    {formatCents(i.total)} · {i.status === "open" && i.attempt_count > 0 ? "payment failed" : i.status}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
