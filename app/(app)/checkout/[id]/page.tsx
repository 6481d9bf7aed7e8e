import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CheckoutForm } from "@/components/billing/checkout-form";
import { TestCards } from "@/components/billing/test-cards";
import { formatCents } from "@/lib/domain/format";
import { simulatorStore } from "@/lib/server/billing";
import { checkoutView } from "@/lib/server/billing/simulator";
import { isPlanId, PLANS } from "@/lib/domain/plans";

export const metadata: Metadata = { title: "Checkout (simulator)" };

// GET /checkout/[id]: the simulator's stand-in for Stripe Checkout (404 with real Stripe).
export default async function CheckoutPage({ params }: { params: Promise<{ id: string }> }) {
  const store = simulatorStore();
  const { id } = await params;
  const session = store ? await checkoutView(store, id) : null;
  if (!session) notFound();
  const plan = session.metadata?.plan;
  if (!plan || !isPlanId(plan)) notFound();
  const amount = formatCents(PLANS[plan].priceCents);
  const expired = session.status === "open" && session.expires_at < Date.now() / 1000;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <Card>
        <CardHeader>
          <CardDescription className="flex items-center gap-2">
            Tenantry <Badge variant="warning">Test mode</Badge>
          </CardDescription>
          <CardTitle className="text-2xl">
            Subscribe to {PLANS[plan].name}
            <span className="mt-1 block text-base font-normal text-muted-foreground">{amount} per month</span>
          </CardTitle>
          <CardDescription>
            Billed to {session.customer_details?.email ?? "the workspace"}. Usage beyond the plan is added to each monthly invoice.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {session.status === "complete" ? (
            <p role="status" className="text-sm">
              This checkout is already paid.{" "}
              <Link className="text-primary underline" href={session.success_url ?? "/"}>
                Back to billing
              </Link>
            </p>
          ) : expired || session.status !== "open" ? (
            <p role="status" className="text-sm">
              This checkout has expired. Start again from the Billing page.
            </p>
          ) : (
            <CheckoutForm sessionId={session.id} amount={amount} />
          )}
          <TestCards />
          {session.cancel_url && session.status === "open" && (
            <Link href={session.cancel_url} className="block text-center text-sm text-muted-foreground underline-offset-4 hover:underline">
              Cancel and go back
            </Link>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
