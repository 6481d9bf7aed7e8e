"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { AlertTriangleIcon, CheckCircle2Icon, InfoIcon } from "lucide-react";
import Link from "next/link";
import type * as React from "react";
import { PageHeader } from "@/components/shared/page-header";
import { formatDate } from "@/lib/domain/format";
import { useTenant } from "@/components/tenant/tenant-context";
import type { api } from "@/convex/_generated/api";
import { can } from "@/lib/domain/permissions";
import { PLANS } from "@/lib/domain/plans";
import { BillPreview } from "./bill-preview";
import { BudgetCard } from "./budget-card";
import { InvoicesTable } from "./invoices-table";
import { PlanOptions } from "./plan-options";
import { SubscriptionCard } from "./subscription-card";

type Props = { overview: Preloaded<typeof api.billing.account.overview>; checkout: "success" | "canceled" | null; simulator: boolean };

function Notice({ tone, children }: { tone: "info" | "success" | "warning"; children: React.ReactNode }) {
  const Icon = tone === "warning" ? AlertTriangleIcon : tone === "success" ? CheckCircle2Icon : InfoIcon;
  const colour =
    tone === "warning" ? "border-warning/40 bg-warning/10" : tone === "success" ? "border-success/40 bg-success/10" : "bg-muted/50";
  return (
    <div role="status" className={`flex items-start gap-3 rounded-lg border p-4 text-sm ${colour}`}>
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div>{children}</div>
    </div>
  );
}

/** The Billing page, live: a webhook that lands while it is open updates it in place. */
export function BillingClient({ overview: preloaded, checkout, simulator }: Props) {
  const o = usePreloadedQuery(preloaded);
  const { slug } = useTenant();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Billing"
        description={`Plan, payment and invoices for ${o.tenant.name}. Invoices go to ${o.tenant.billingEmail}.`}
      />
      {checkout === "success" &&
        (o.checkoutPending ? (
          <Notice tone="success">
            Payment received. Your plan changes as soon as the payment is confirmed; this page updates by itself.
          </Notice>
        ) : (
          // Convex says the checkout's plan is in force (however early or late this page loaded): say what changed.
          <Notice tone="success">Payment received. You are on the {PLANS[o.tenant.plan].name} plan.</Notice>
        ))}
      {checkout === "canceled" && <Notice tone="info">Checkout was cancelled. Nothing changed.</Notice>}
      {o.tenant.status === "past_due" && (
        <Notice tone="warning">
          A payment failed, so this workspace is past due and changes are paused.
          {o.dunning?.suspendAt
            ? ` Update the payment method before ${formatDate(o.dunning.suspendAt)} or the workspace will be suspended.`
            : ""}
        </Notice>
      )}
      {o.suspendedBy === "billing" && (
        <Notice tone="warning">
          This workspace is suspended for billing.{" "}
          {o.canManage
            ? "Pay the open invoice (Manage payment method) or choose a plan to reactivate it."
            : "The owner can reactivate it here."}
        </Notice>
      )}
      {o.suspendedBy === "staff" && (
        <Notice tone="warning">This workspace was suspended by the platform team. Contact support to reactivate it.</Notice>
      )}
      {!o.canManage && (
        <Notice tone="info">You can see billing; only an owner of this workspace can change the plan or the payment method.</Notice>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <SubscriptionCard
          plan={o.tenant.plan}
          status={o.tenant.status}
          quotas={o.quotas}
          trialEndsAt={o.tenant.trialEndsAt}
          subscription={o.subscription}
          hasCustomer={o.hasCustomer}
          canManage={o.canManage}
        />
        <BillPreview preview={o.preview} />
        <BudgetCard budget={o.budget} canEdit={can(o.role, "settings.manage") && o.canManage} />
      </div>
      <PlanOptions
        current={o.tenant.plan}
        live={o.liveSubscription}
        canManage={o.canManage}
        trialEndsAt={o.tenant.status === "trial" ? o.tenant.trialEndsAt : null}
      />
      <section aria-labelledby="invoices-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h3 id="invoices-heading" className="text-sm font-semibold">
            Invoices
          </h3>
          {/* The emails that went with them; in local mode, the simulator's outbox. */}
          <Link href={`/t/${slug}/billing/outbox`} className="text-sm font-medium text-primary underline-offset-4 hover:underline">
            {simulator ? "Billing emails (local outbox)" : "Billing emails"}
          </Link>
        </div>
        <InvoicesTable invoices={o.invoices} slug={slug} />
      </section>
    </div>
  );
}
