"use client";

import { useMutation, useQuery } from "convex/react";
import { MailIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useTenant } from "@/components/tenant/tenant-context";
import { formatBytes, formatDate, formatDateTime, formatNumber } from "@/lib/domain/format";
import { attempt } from "../../shared/errors";

const STATE = {
  pending: { label: "Preparing", variant: "secondary" },
  ready: { label: "Ready", variant: "success" },
  failed: { label: "Failed", variant: "destructive" },
  expired: { label: "Expired", variant: "outline" },
} as const;

/**
 * Exports built in the background (convex/portal/dataExports.ts): the person who asks gets an
 * email with a download link when the file is ready; the list is live and each ready file
 * downloads here too until its link expires (7 days).
 */
export function EmailedExports() {
  const { slug } = useTenant();
  const exports = useQuery(api.portal.dataExports.list, { slug });
  const request = useMutation(api.portal.dataExports.request);
  const [error, setError] = useState<string | null>(null);
  const preparing = exports?.some((e) => e.state === "pending") ?? false;

  async function ask() {
    const result = await attempt(() => request({ slug }), "Export requested: we will email you when it is ready");
    setError(result.ok ? null : result.error.message);
  }

  return (
    <div className="space-y-3 p-5" id="exports">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-xl space-y-1">
          <h3 className="font-medium">Email me an export</h3>
          <p className="text-sm text-muted-foreground">
            For a large workspace: the same file, prepared in the background. You get an email with a download link, valid for 7 days.
          </p>
          {error && <p className="pt-1 text-sm text-destructive">{error}</p>}
        </div>
        <Button variant="outline" onClick={() => void ask()} disabled={preparing}>
          <MailIcon /> {preparing ? "Preparing…" : "Email me an export"}
        </Button>
      </div>
      {exports && exports.length > 0 && (
        <ul className="divide-y rounded-lg border text-sm" aria-label="Requested exports">
          {exports.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center justify-between gap-3 px-3 py-2">
              <span className="flex items-center gap-2">
                <Badge variant={STATE[e.state].variant}>{STATE[e.state].label}</Badge>
                <span className="text-muted-foreground">Requested {formatDateTime(e.createdAt)}</span>
              </span>
              {e.state === "ready" && (
                <span className="flex items-center gap-3">
                  <span className="text-muted-foreground tabular-nums">
                    {formatNumber(e.rows ?? 0)} records · {formatBytes(e.size ?? 0)} · until {formatDate(e.expiresAt ?? 0)}
                  </span>
                  <Button asChild size="sm" variant="outline">
                    <a href={`/t/${slug}/settings/exports/${e.id}`} download>
                      Download
                    </a>
                  </Button>
                </span>
              )}
              {e.state === "failed" && <span className="text-destructive">{e.error ?? "The export failed."}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
