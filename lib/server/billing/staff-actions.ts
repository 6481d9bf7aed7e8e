import "server-only";
import { api } from "@/convex/_generated/api";
import { asUser } from "@/lib/server/convex/gateway";
import { getBilling, simulatorStore } from "./index";
import { BillingError } from "./port";
import { adoptTenant } from "../../local/billing-simulator/accounts";
import { deliver, redeliver, type Delivery } from "../../local/billing-simulator/delivery";
import { cancelNow, finishPeriodEnd, startPeriodEnd } from "../../local/billing-simulator/operations";

/**
 * Platform staff's billing controls. Convex decides who may (staffMutation:
 * admins only) and audits the action before anything happens; the simulator
 * (or, for cancel and redeliver, Stripe mode too) then carries it out and
 * delivers the resulting events to the webhook route, awaiting the answers.
 */
export type StaffResult = { message: string; deliveries: Delivery[] };

const onRecord = (t: Awaited<ReturnType<typeof target>>) => ({
  tenantId: t.tenantId,
  tenantSlug: t.slug,
  name: t.name,
  email: t.email,
  customerId: t.customerId,
  plan: t.plan,
  subscriptionId: t.subscriptionId,
});

async function target(token: string, slug: string, action: "end_period" | "cancel", failPayment = false) {
  const t = await asUser(token).mutation(api.admin.billing.simulatorAction, { slug, action, failPayment });
  if (!t.customerId || !t.subscriptionId)
    throw new BillingError(`${t.name} has no subscription: it has never checked out.`, "no_subscription");
  return { ...t, customerId: t.customerId, subscriptionId: t.subscriptionId };
}

export async function endBillingPeriod(token: string, slug: string, failPayment: boolean): Promise<StaffResult> {
  const store = simulatorStore();
  if (!store)
    throw new BillingError("Only the billing simulator can end a period early; with Stripe, use a test clock.", "resource_missing");
  const t = await target(token, slug, "end_period", failPayment);
  const adopted = await deliver((await adoptTenant(store, onRecord(t))).events);
  const { invoiceId, events } = await startPeriodEnd(store, t.subscriptionId, failPayment);
  // invoice.created first and alone: the webhook adds the metered lines before the invoice is finalized.
  const created = await deliver(events);
  const settled = await deliver(await finishPeriodEnd(store, invoiceId));
  const paid = settled.some((d) => d.type === "invoice.paid");
  return { message: `Invoice ${invoiceId} ${paid ? "was paid" : "failed to charge"}.`, deliveries: [...adopted, ...created, ...settled] };
}

export async function cancelSubscription(token: string, slug: string): Promise<StaffResult> {
  const t = await target(token, slug, "cancel");
  const store = simulatorStore();
  if (!store) {
    await getBilling().cancelSubscription({ subscriptionId: t.subscriptionId, reason: "Cancelled by platform staff" });
    return { message: `Asked Stripe to cancel ${t.subscriptionId}; its webhook will follow.`, deliveries: [] };
  }
  const adopted = await deliver((await adoptTenant(store, onRecord(t))).events);
  const cancelled = await deliver(await cancelNow(store, t.subscriptionId, "Cancelled by platform staff"));
  return {
    message: cancelled.length ? `Subscription ${t.subscriptionId} cancelled.` : `Subscription ${t.subscriptionId} was already cancelled.`,
    deliveries: [...adopted, ...cancelled],
  };
}

export async function redeliverEvent(token: string, eventId: string): Promise<StaffResult> {
  const stored = await asUser(token).mutation(api.admin.billing.eventForRedelivery, { eventId });
  const reply = await redeliver(stored.payload);
  return {
    message: `Redelivered ${stored.type}: the webhook answered ${reply.status}.`,
    deliveries: [{ eventId, type: stored.type, ...reply }],
  };
}
