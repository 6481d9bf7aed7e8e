"use client";

import { useQueries } from "convex/react";
import { GaugeIcon } from "lucide-react";
import Link from "next/link";
import { useMemo } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { useCan, useTenant } from "@/components/tenant/tenant-context";
import { api } from "@/convex/_generated/api";
import { formatDateTime, formatNumber } from "@/lib/domain/format";

/**
 * The seed's "suggest upgrade": shown on every page of a workspace whose API calls hit
 * its rate limit (429) within the last day (convex/portal/apiLimits.ts), linking to the
 * plan page for those who can change the plan. It sits in the layout, outside the pages'
 * error boundaries, so a failed read (a workspace deleted while open) shows nothing
 * instead of throwing: useQueries hands errors back as values.
 */
export function RateLimitBanner() {
  const { slug } = useTenant();
  const canChangePlan = useCan("billing.read");
  // One stable request object: useQueries resubscribes when it gets a new one, and a fresh literal each
  // render re-rendered without end (React error 301 on every workspace page).
  const queries = useMemo(() => ({ recent: { query: api.portal.apiLimits.recent, args: { slug } } }), [slug]);
  const result = useQueries(queries).recent as
    { limitedAt: number | null; showBanner: boolean; perMinute: number | null } | Error | undefined;
  if (!result || result instanceof Error || !result.showBanner || result.limitedAt === null) return null;
  const limit = result.perMinute === null ? "its rate limit" : `its limit of ${formatNumber(result.perMinute)} calls per minute`;
  return (
    <Alert variant="warning" data-testid="rate-limit-banner">
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
