"use client";

import { AlertOctagonIcon, CreditCardIcon } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { can } from "@/lib/domain/permissions";
import { useTenant } from "./tenant-context";

/**
 * The banner every page of a suspended or past-due workspace shows, rendered once by the
 * tenant layout, so no page can forget it. The actions it mentions are disabled on every
 * page (useChangesOpen) and refused by Convex (the same rules, lib/domain/tenant-status.ts).
 */
export function RestrictionBanner() {
  const { slug, status, role } = useTenant();
  if (status === "suspended") {
    return (
      <Alert variant="destructive" data-testid="restriction-banner">
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
      <Alert variant="warning" data-testid="restriction-banner">
        <CreditCardIcon />
        <AlertTitle>Payment is past due</AlertTitle>
        <AlertDescription>
          Changes are disabled until the invoice is paid.{" "}
          {can(role, "billing.read") ? (
            <Link href={`/t/${slug}/billing`}>Update the payment method</Link>
          ) : (
            "Ask an owner or admin to update the payment method."
          )}
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
