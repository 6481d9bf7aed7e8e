"use client";

import { AlertOctagonIcon, ClockIcon, CreditCardIcon } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { useTenant } from "@/components/tenant/tenant-context";

/** The one banner that says what state the workspace is in and what to do about it. */
export function StatusBanner({ status, trialDaysLeft, canBill }: { status: string; trialDaysLeft: number | null; canBill: boolean }) {
  const { slug } = useTenant();
  if (status === "suspended") {
    return (
      <Alert variant="destructive">
        <AlertOctagonIcon />
        <AlertTitle>This workspace is suspended</AlertTitle>
        <AlertDescription>
          Agents are stopped and changes are disabled. Contact support at support@tenantry.test to reactivate it; your data is kept.
        </AlertDescription>
      </Alert>
    );
  }
  if (status === "past_due") {
    return (
      <Alert variant="warning">
        <CreditCardIcon />
        <AlertTitle>Payment is past due</AlertTitle>
        <AlertDescription>
          Changes are disabled until the invoice is paid.{" "}
          {canBill ? (
            <Link href={`/t/${slug}/billing`}>Update the payment method</Link>
          ) : (
            "Ask an owner or admin to update the payment method."
          )}
        </AlertDescription>
      </Alert>
    );
  }
  if (status === "trial" && trialDaysLeft !== null) {
    return (
      <Alert variant="info">
        <ClockIcon />
        <AlertTitle>
          {trialDaysLeft === 0 ? "Your trial ends today" : `Trial: ${trialDaysLeft} ${trialDaysLeft === 1 ? "day" : "days"} left`}
        </AlertTitle>
        <AlertDescription>
          Everything in your plan is unlocked during the trial.{" "}
          {canBill ? (
            <Link href={`/t/${slug}/billing`}>Choose how to pay</Link>
          ) : (
            "An owner or admin can add a payment method on the Billing page."
          )}
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
