"use client";

import { usePreloadedQuery, type Preloaded } from "convex/react";
import { FileUpIcon, UserPlusIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Button } from "@/components/ui/button";
import type { IdentityMode } from "@/lib/auth/types";
import { can, type Role } from "@/lib/permissions";
import { PageHeader } from "../page-header";
import { CsvImportDialog } from "./csv-import-dialog";
import { InviteDialog } from "./invite-dialog";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

type Props = {
  slug: string;
  role: Role;
  mode: IdentityMode;
  members: Preloaded<typeof api.team.members>;
  pending: Preloaded<typeof api.invitations.pending> | null;
};

/** The Team page, live: members, roles and (for managers) invitations. */
export function TeamClient({ slug, role, mode, members: preloadedMembers, pending: preloadedPending }: Props) {
  const members = usePreloadedQuery(preloadedMembers);
  const canManage = can(role, "team.manage");
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
              <Button variant="outline" onClick={() => setImporting(true)}>
                <FileUpIcon /> Import CSV
              </Button>
              <Button onClick={() => setInviting(true)}>
                <UserPlusIcon /> Invite
              </Button>
            </>
          )
        }
      />
      <MembersTable slug={slug} members={members} actorRole={role} canManage={canManage} />
      {preloadedPending && <Pending slug={slug} mode={mode} preloaded={preloadedPending} />}
      {inviting && <InviteDialog slug={slug} mode={mode} actorRole={role} open onOpenChange={setInviting} />}
      {importing && <CsvImportDialog slug={slug} open onOpenChange={setImporting} />}
    </div>
  );
}

function Pending({ slug, mode, preloaded }: { slug: string; mode: IdentityMode; preloaded: Preloaded<typeof api.invitations.pending> }) {
  const rows = usePreloadedQuery(preloaded);
  return <PendingInvitations slug={slug} mode={mode} rows={rows} />;
}
