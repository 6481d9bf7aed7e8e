"use client";

import { useQuery } from "convex/react";
import { GaugeIcon } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { QuietBoundary } from "@/components/tenant/quiet-boundary";
import { useCan, useTenant } from "@/components/tenant/tenant-context";
import { api } from "@/convex/_generated/api";
import { formatDateTime, formatNumber } from "@/lib/domain/format";

/**
 * The seed's "suggest upgrade": shown on every page of a workspace whose API calls hit
 * its rate limit (429) within the last day (convex/portal/apiLimits.ts), linking to the
 * plan page for those who can change the plan. It sits in the layout, outside the pages'
 * error boundaries, so a failed read (a workspace deleted while open) shows nothing
 * (QuietBoundary) instead of taking the page down.
 */
export function RateLimitBanner() {
  return (
    <QuietBoundary fallback={null}>
      <LiveRateLimitBanner />
    </QuietBoundary>
  );
}

function LiveRateLimitBanner() {
  const { slug } = useTenant();
  const canChangePlan = useCan("billing.read");
  const result = useQuery(api.portal.apiLimits.recent, { slug });
  if (!result || !result.showBanner || result.limitedAt === null) return null;
  const limit = result.perMinute === null ? "its rate limit" : `its limit of ${formatNumber(result.perMinute)} calls per minute`;
  return (
    <Alert variant="warning" role="status" data-testid="rate-limit-banner">
      <GaugeIcon />
      <AlertTitle>API calls were refused at the rate limit</AlertTitle>
      <AlertDescription>
        This workspace&apos;s agents hit {limit} (last at {formatDateTime(result.limitedAt)}) and got 429 answers.{" "}
        {canChangePlan ? (
          <Link href={`/t/${slug}/billing`}>Upgrade the plan for a higher limit</Link>
        ) : (
          "Ask an owner or admin to upgrade the plan for a higher limit."
        )}
      </AlertDescription>
    </Alert>
  );
}
