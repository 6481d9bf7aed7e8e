"use client";

import { useMutation, usePreloadedQuery, type Preloaded } from "convex/react";
import { ArchiveRestoreIcon, Building2Icon, ShieldAlertIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { attempt } from "../shared/errors";
import { formatDate } from "@/lib/domain/format";
import { DAY_MS } from "@/lib/domain/time";

/** Deleted workspaces the caller owns: when each is erased for good, and a way back (or, if the platform removed it, why and whom to contact). */
export function RestoreList({
  preloaded,
  highlight,
}: {
  preloaded: Preloaded<typeof api.portal.lifecycle.deletedForMe>;
  highlight: string | null;
}) {
  const rows = usePreloadedQuery(preloaded);
  const restore = useMutation(api.portal.lifecycle.restore);
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);

  if (rows.length === 0) {
    return (
      <EmptyState
        icon={<Building2Icon />}
        title="Nothing to restore"
        description="You own no deleted workspaces. Deleted workspaces appear here until they are erased."
        action={
          <Button asChild variant="outline">
            <Link href="/">Your workspaces</Link>
          </Button>
        }
      />
    );
  }
  return (
    <div className="grid gap-4">
      {rows.map((t) => {
        const days = t.hardDeleteAt === null ? null : Math.max(0, Math.ceil((t.hardDeleteAt - Date.now()) / DAY_MS));
        return (
          <Card key={t._id} className={t.slug === highlight ? "border-destructive/40" : undefined}>
            <CardHeader>
              <CardTitle>{t.name}</CardTitle>
              <CardDescription className="font-mono text-xs">/t/{t.slug}</CardDescription>
            </CardHeader>
            <CardContent className="text-sm">
              <p>
                {t.deletedBy === "staff" ? "Removed by the platform" : "Deleted"} on {formatDate(t.deletedAt)}. Members have no access while
                it is deleted.
              </p>
              {t.deletedBy === "staff" && (
                <Alert variant="destructive" className="mt-3" data-testid="removed-by-platform">
                  <ShieldAlertIcon />
                  <AlertTitle>Removed by the platform</AlertTitle>
                  <AlertDescription>
                    {t.reason && <p>Reason: {t.reason}</p>}
                    <p>
                      Only platform support can restore it. Contact <a href={`mailto:${t.contact}`}>{t.contact}</a>.
                    </p>
                  </AlertDescription>
                </Alert>
              )}
              {t.hardDeleteAt !== null && (
                <p className="mt-1 font-medium text-destructive" data-testid="hard-delete-date">
                  All of its data will be permanently erased on {formatDate(t.hardDeleteAt)}
                  {days !== null && ` (in ${days} ${days === 1 ? "day" : "days"})`}.
                </p>
              )}
            </CardContent>
            {t.restorable && (
              <CardFooter className="justify-end">
                <Button
                  disabled={busy !== null}
                  onClick={async () => {
                    setBusy(t.slug);
                    const result = await attempt(() => restore({ slug: t.slug }), `${t.name} is restored`);
                    if (result.ok) router.push(`/t/${result.value.slug}`);
                    else setBusy(null);
                  }}
                >
                  <ArchiveRestoreIcon /> {busy === t.slug ? "Restoring…" : "Restore workspace"}
                </Button>
              </CardFooter>
            )}
          </Card>
        );
      })}
    </div>
  );
}
