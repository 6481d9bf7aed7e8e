"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { FileUpIcon, UserPlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import type { IdentityMode } from "@/lib/server/auth/types";
import { useCan, useChangesOpen } from "@/components/tenant/tenant-context";
import { PageHeader } from "../../shared/page-header";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

// Rendered only once opened: their forms and Radix dialog code are fetched then, not with the page.
const InviteDialog = dynamic(() => import("./invite-dialog").then((m) => m.InviteDialog), { ssr: false });
const CsvImportDialog = dynamic(() => import("./csv-import-dialog").then((m) => m.CsvImportDialog), { ssr: false });

type Props = {
  mode: IdentityMode;
  members: Preloaded<typeof api.portal.team.members>;
  pending: Preloaded<typeof api.portal.invitations.invites.pending> | null;
};

/** The Team page, live: members, roles and (for managers) invitations. */
export function TeamClient({ mode, members: preloadedMembers, pending: preloadedPending }: Props) {
  const members = usePreloadedQuery(preloadedMembers);
  const canManage = useCan("team.manage");
  const open = useChangesOpen();
  const [inviting, setInviting] = useState(false);
  const [importing, setImporting] = useState(false);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Team"
        description={`${members.length} ${members.length === 1 ? "member" : "members"}. Roles decide what each person can see and change.`}
        actions={
          canManage && (
            <>
              <Button variant="outline" onClick={() => setImporting(true)} disabled={!open}>
                <FileUpIcon /> Import CSV
              </Button>
              <Button onClick={() => setInviting(true)} disabled={!open}>
                <UserPlusIcon /> Invite
              </Button>
            </>
          )
        }
      />
      <MembersTable members={members} canManage={canManage && open} />
      {preloadedPending && <Pending mode={mode} preloaded={preloadedPending} />}
      {inviting && <InviteDialog mode={mode} open onOpenChange={setInviting} />}
      {importing && <CsvImportDialog open onOpenChange={setImporting} />}
    </div>
  );
}

function Pending({ mode, preloaded }: { mode: IdentityMode; preloaded: Preloaded<typeof api.portal.invitations.invites.pending> }) {
  const rows = usePreloadedQuery(preloaded);
  return <PendingInvitations mode={mode} rows={rows} />;
}
