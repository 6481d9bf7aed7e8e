"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { BookOpenIcon, KeyRoundIcon, PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import type { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/shared/page-header";
import { useChangesOpen } from "@/components/tenant/tenant-context";
import { KeysTable } from "./keys-table";

// Rendered only once opened: its form and Radix dialog code are fetched then, not with the page.
const CreateKeyDialog = dynamic(() => import("./create-key-dialog").then((m) => m.CreateKeyDialog), { ssr: false });

/** The API keys page, live: create (shown once), list with last use, revoke. */
export function ApiKeysClient({ keys: preloaded }: { keys: Preloaded<typeof api.portal.apiKeys.list> }) {
  const keys = usePreloadedQuery(preloaded);
  const [creating, setCreating] = useState(false);
  // Revoking stays open in a restricted workspace (a security action); creating does not.
  const open = useChangesOpen();
  const active = keys.filter((k) => k.revokedAt === null).length;

  return (
    <div className="space-y-6">
      <PageHeader
        title="API keys"
        description={`Agent runtimes use these to report usage, start sessions and read quotas. ${active} active.`}
        actions={
          <>
            <Button variant="outline" asChild>
              <Link href="/docs/api">
                <BookOpenIcon /> API docs
              </Link>
            </Button>
            <Button onClick={() => setCreating(true)} disabled={!open}>
              <PlusIcon /> Create key
            </Button>
          </>
        }
      />
      {keys.length === 0 ? (
        <EmptyState
          icon={<KeyRoundIcon />}
          title="No API keys yet"
          description="Create a key for each runtime or environment, so you can revoke one without stopping the others."
          action={
            <Button onClick={() => setCreating(true)} disabled={!open}>
              Create your first key
            </Button>
          }
        />
      ) : (
        <KeysTable keys={keys} />
      )}
      {creating && <CreateKeyDialog open onOpenChange={setCreating} />}
    </div>
  );
}
