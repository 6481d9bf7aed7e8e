"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { KeyRoundIcon, PlusIcon } from "lucide-react";
import { useState } from "react";
import type { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/shared/page-header";
import { CreateTokenDialog } from "./create-token-dialog";
import { TokensTable } from "./tokens-table";

/** The platform tokens page, live: create (shown once; admins), list with last use, revoke. */
export function TokensClient({ tokens: preloaded, admin }: { tokens: Preloaded<typeof api.admin.tokens.list>; admin: boolean }) {
  const tokens = usePreloadedQuery(preloaded);
  const [creating, setCreating] = useState(false);
  const active = tokens.filter((t) => t.state === "active").length;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Platform tokens"
        description={`Credentials for the admin API and the tenantry CLI, each acting as the staff member who made it. ${active} active.`}
        actions={
          admin && (
            <Button onClick={() => setCreating(true)}>
              <PlusIcon /> Create token
            </Button>
          )
        }
      />
      {tokens.length === 0 ? (
        <EmptyState
          icon={<KeyRoundIcon />}
          title="No platform tokens yet"
          description="Make one per person or job, so you can revoke one without stopping the others."
          action={admin ? <Button onClick={() => setCreating(true)}>Create your first token</Button> : undefined}
        />
      ) : (
        <TokensTable tokens={tokens} canRevoke={admin} />
      )}
      {creating && <CreateTokenDialog open onOpenChange={setCreating} />}
    </div>
  );
}
