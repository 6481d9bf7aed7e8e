"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { ArrowRightLeftIcon } from "lucide-react";
import type { api } from "@/convex/_generated/api";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/shared/page-header";
import { DeploymentsTable } from "./deployments-table";
import { MovesTable } from "./moves-table";

type Props = {
  deployments: Preloaded<typeof api.platform.registry.list>;
  moves: Preloaded<typeof api.platform.moves.recent>;
};

/** The Deployments page, live: where tenants live, and the moves between deployments as they run. Read only. */
export function DeploymentsClient({ deployments: preloadedDeployments, moves: preloadedMoves }: Props) {
  const deployments = usePreloadedQuery(preloadedDeployments);
  const moves = usePreloadedQuery(preloadedMoves);
  return (
    <div className="space-y-8">
      <section className="space-y-4">
        <PageHeader
          title="Deployments"
          description={
            <>
              The shared shards and dedicated deployments tenants live on. Moving a tenant with{" "}
              <code>tenantry tenant migrate SLUG --to dedicated</code> makes its dedicated deployment.
            </>
          }
        />
        <DeploymentsTable deployments={deployments} />
      </section>
      <section className="space-y-4" aria-labelledby="moves-heading">
        <div className="space-y-1">
          <h3 id="moves-heading" className="text-lg font-semibold tracking-tight">
            Tenant moves
          </h3>
          <p className="text-sm text-muted-foreground">
            The latest 50, newest first. A failed move waits for <code>tenantry tenant migrate SLUG --resume</code> or{" "}
            <code>--reverse</code>.
          </p>
        </div>
        {moves.length === 0 ? (
          <EmptyState
            icon={<ArrowRightLeftIcon />}
            title="No moves yet"
            description={
              <>
                Start one with <code>tenantry tenant migrate SLUG --to dedicated</code>.
              </>
            }
          />
        ) : (
          <MovesTable moves={moves} />
        )}
      </section>
    </div>
  );
}
