"use client";

import { useQuery } from "convex/react";
import Link from "next/link";
import { api } from "@/convex/_generated/api";
import { MoveBadge } from "@/components/admin/deployments/move-badge";
import { placementDeployment } from "@/lib/domain/placement";

/**
 * Where the tenant lives ("shared: main", "dedicated: acme") and its latest move, live, so a
 * running move's phase changes here without a reload. Its own queries (the registry's, not
 * the detail's) keep the tenant detail query unchanged by issue 20.
 */
export function PlacementFact({ slug }: { slug: string }) {
  const where = useQuery(api.platform.registry.tenantPlacement, { slug });
  const moves = useQuery(api.platform.moves.status, { slug });
  if (where === undefined) return <span className="text-muted-foreground">Loading…</span>;
  const latest = moves?.[0];
  const status = where.deployment?.status;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1" data-testid="tenant-placement">
      <span>
        {where.placement.kind}: {placementDeployment(where.placement)}
        {status && status !== "ready" && <span className="text-muted-foreground"> ({status})</span>}
      </span>
      {latest && (
        <>
          <span className="text-muted-foreground">
            {latest.status === "running" ? "moving" : "last move"} to {latest.to}
          </span>
          <MoveBadge phase={latest.phase} status={latest.status} />
          <Link href="/admin/deployments" className="text-xs hover:underline">
            Moves →
          </Link>
        </>
      )}
    </span>
  );
}
