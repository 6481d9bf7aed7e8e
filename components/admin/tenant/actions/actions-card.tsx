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
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { DetailTenant } from "./types";

// Each dialog is rendered only while open, so its form and Radix code are fetched then, not with the page.
const SuspendDialog = dynamic(() => import("./status-dialogs").then((m) => m.SuspendDialog), { ssr: false });
const ReactivateDialog = dynamic(() => import("./status-dialogs").then((m) => m.ReactivateDialog), { ssr: false });
const SoftDeleteDialog = dynamic(() => import("./status-dialogs").then((m) => m.SoftDeleteDialog), { ssr: false });
const RestoreDialog = dynamic(() => import("./status-dialogs").then((m) => m.RestoreDialog), { ssr: false });
const PlanDialog = dynamic(() => import("./plan-dialog").then((m) => m.PlanDialog), { ssr: false });
const QuotaDialog = dynamic(() => import("./quota-dialog").then((m) => m.QuotaDialog), { ssr: false });
const HardDeleteDialog = dynamic(() => import("./hard-delete-dialog").then((m) => m.HardDeleteDialog), { ssr: false });

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
          {open === "suspend" && <SuspendDialog {...dialog("suspend")} />}
          {open === "reactivate" && <ReactivateDialog {...dialog("reactivate")} />}
          {open === "plan" && <PlanDialog key={`plan-${tenant.plan}`} {...dialog("plan")} />}
          {open === "quotas" && <QuotaDialog key={`quotas-${JSON.stringify(tenant.quotaOverrides)}`} {...dialog("quotas")} />}
          {open === "delete" && <SoftDeleteDialog {...dialog("delete")} />}
          {open === "restore" && <RestoreDialog {...dialog("restore")} />}
          {open === "erase" && <HardDeleteDialog {...dialog("erase")} now={now} />}
        </>
      )}
    </Card>
  );
}
