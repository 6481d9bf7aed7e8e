"use client";

import { ClockIcon } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { useTenant } from "@/components/tenant/tenant-context";

/** The trial banner on the overview; suspended and past-due workspaces get RestrictionBanner on every page (the tenant layout). */
export function StatusBanner({ status, trialDaysLeft, canBill }: { status: string; trialDaysLeft: number | null; canBill: boolean }) {
  const { slug } = useTenant();
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
