"use client";

import { Trash2Icon } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { DELETION_RETENTION_DAYS } from "@/lib/domain/plans";

// Rendered only once opened: its Radix dialog code is fetched then, not with the page.
const DeleteWorkspaceDialog = dynamic(() => import("./delete-workspace-dialog").then((m) => m.DeleteWorkspaceDialog), { ssr: false });

/** Owner only: soft delete with the slug typed to confirm; restorable for the retention window. */
export function DeleteCard({ name }: { name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="flex flex-wrap items-start justify-between gap-4 p-5">
      <div className="max-w-xl space-y-1">
        <h3 className="font-medium">Delete this workspace</h3>
        <p className="text-sm text-muted-foreground">
          Every member loses access at once. Owners can restore it for {DELETION_RETENTION_DAYS} days; after that its data is erased for
          good.
        </p>
      </div>
      <Button variant="destructive" onClick={() => setOpen(true)}>
        <Trash2Icon /> Delete workspace
      </Button>
      {open && <DeleteWorkspaceDialog name={name} onClose={() => setOpen(false)} />}
    </div>
  );
}
