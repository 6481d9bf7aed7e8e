"use client";

import {
  ArchiveRestoreIcon,
  DownloadIcon,
  EyeIcon,
  GaugeIcon,
  LayersIcon,
  PauseCircleIcon,
  PlayCircleIcon,
  Trash2Icon,
} from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { HardDeleteDialog } from "./hard-delete-dialog";
import { PlanDialog } from "./plan-dialog";
import { QuotaDialog } from "./quota-dialog";
import { ReactivateDialog, RestoreDialog, SoftDeleteDialog, SuspendDialog } from "./status-dialogs";
import type { DetailTenant } from "./types";

type Open = null | "suspend" | "reactivate" | "plan" | "quotas" | "delete" | "restore" | "erase";

/** What staff can do to this tenant. Support sees the list and can only view as tenant. */
export function ActionsCard({ tenant, isAdmin, now }: { tenant: DetailTenant; isAdmin: boolean; now: number }) {
  const [open, setOpen] = useState<Open>(null);
  const deleted = tenant.status === "deleted";
  const dialog = (name: Exclude<Open, null>) => ({ tenant, open: open === name, onOpenChange: (o: boolean) => setOpen(o ? name : null) });
  const disabled = !isAdmin;
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle>Actions</CardTitle>
        <CardDescription>
          {isAdmin
            ? "Each asks for confirmation and is recorded in the audit log with you as the actor."
            : "Support access is read-only: only viewing as the tenant is available."}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-2">
        {!deleted && (
          <Button variant="outline" asChild>
            {/* No prefetch: rendering the tenant layout records a staff visit in the audit log. */}
            <Link href={`/t/${tenant.slug}`} prefetch={false}>
              <EyeIcon /> View as tenant
            </Link>
          </Button>
        )}
        {tenant.status === "suspended" ? (
          <Button variant="outline" disabled={disabled} onClick={() => setOpen("reactivate")}>
            <PlayCircleIcon /> Reactivate
          </Button>
        ) : (
          !deleted && (
            <Button variant="outline" disabled={disabled} onClick={() => setOpen("suspend")}>
              <PauseCircleIcon /> Suspend
            </Button>
          )
        )}
        {!deleted && (
          <>
            <Button variant="outline" disabled={disabled} onClick={() => setOpen("plan")}>
              <LayersIcon /> Change plan
            </Button>
            <Button variant="outline" disabled={disabled} onClick={() => setOpen("quotas")}>
              <GaugeIcon /> Quota overrides
            </Button>
          </>
        )}
        {isAdmin ? (
          <Button variant="outline" asChild>
            <a href={`/admin/tenants/${tenant.slug}/export`} download>
              <DownloadIcon /> Export data
            </a>
          </Button>
        ) : (
          <Button variant="outline" disabled>
            <DownloadIcon /> Export data
          </Button>
        )}
        {deleted ? (
          <>
            <Button variant="outline" disabled={disabled || tenant.purging} onClick={() => setOpen("restore")}>
              <ArchiveRestoreIcon /> Restore
            </Button>
            <Button variant="destructive" disabled={disabled} onClick={() => setOpen("erase")}>
              <Trash2Icon /> {tenant.purging ? "Resume hard delete" : "Hard delete"}
            </Button>
          </>
        ) : (
          <Button variant="destructive" disabled={disabled} onClick={() => setOpen("delete")}>
            <Trash2Icon /> Delete
          </Button>
        )}
      </CardContent>
      {isAdmin && (
        <>
          <SuspendDialog {...dialog("suspend")} />
          <ReactivateDialog {...dialog("reactivate")} />
          <PlanDialog key={`plan-${tenant.plan}`} {...dialog("plan")} />
          <QuotaDialog key={`quotas-${JSON.stringify(tenant.quotaOverrides)}`} {...dialog("quotas")} />
          <SoftDeleteDialog {...dialog("delete")} />
          <RestoreDialog {...dialog("restore")} />
          <HardDeleteDialog {...dialog("erase")} now={now} />
        </>
      )}
    </Card>
  );
}
